package io.streamtune.kit.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The other half of static group membership. A channel with {@code group.instance.id} gets its partitions back at
 * once when it restarts under the same id (a crash, kill -9), but Kafka's consumer does not leave the group when it
 * closes, and the messaging connector closes it plainly: after a graceful stop its partitions would wait out the
 * session timeout. Once the connector has closed its consumers, this removes the service's static members from their
 * groups, so the other members take over at once.
 */
@Singleton
public class StaticMembers {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(StaticMembers.class);
    private static final String CHANNELS = "mp.messaging.incoming.";
    private static final String INSTANCE_ID = ".group.instance.id";

    /** A static member of a consumer group. */
    public record Member(String groupId, String instanceId) {
    }

    private final Map<String, Object> kafka;
    private final Config config;

    StaticMembers(@Identifier("default-kafka-broker") Map<String, Object> kafka, Config config) {
        this.kafka = kafka;
        this.config = config;
    }

    // after the connector's own observer (priority 50) has closed the consumers; a member still polling would rejoin
    void leave(@Observes @Priority(100) @BeforeDestroyed(ApplicationScoped.class) Object event) {
        leave(kafka, of(config));
    }

    /** Every incoming channel's static membership, from {@code mp.messaging.incoming.<channel>.group.instance.id}. */
    public static List<Member> of(Config config) {
        List<Member> out = new ArrayList<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(CHANNELS) && name.endsWith(INSTANCE_ID)) {
                String channel = name.substring(CHANNELS.length(), name.length() - INSTANCE_ID.length());
                Optional<String> group = config.getOptionalValue(CHANNELS + channel + ".group.id", String.class);
                Optional<String> id = config.getOptionalValue(name, String.class);
                if (group.isPresent() && id.isPresent()) {
                    out.add(new Member(group.get(), id.get()));
                }
            }
        }
        return out;
    }

    /** Removes the members from their groups; one that cannot be removed leaves by its session timeout. */
    public static void leave(Map<String, Object> kafka, List<Member> members) {
        if (members.isEmpty()) {
            return;
        }
        Map<String, Object> p = new HashMap<>(kafka);
        p.keySet().retainAll(AdminClientConfig.configNames());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "streamtune-leave-group");
        Admin admin = Admin.create(p);
        try {
            for (Member m : members) {
                try {
                    admin.removeMembersFromConsumerGroup(m.groupId(), new RemoveMembersFromConsumerGroupOptions(
                            List.of(new MemberToRemove(m.instanceId())))).all()
                            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    LOG.infof("Left consumer group %s as %s", m.groupId(), m.instanceId());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    LOG.warnf("Could not leave consumer group %s as %s (its partitions move after the session "
                            + "timeout): %s", m.groupId(), m.instanceId(), e.getMessage());
                }
            }
        } finally {
            admin.close(Duration.ofSeconds(1)); // a broker that is away does not hold up the shutdown
        }
    }
}
