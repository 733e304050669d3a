package io.streamtune.trainer.pool;

import io.streamtune.contracts.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.TopicPartition;

/**
 * The pool's assignor (Kafka's classic group protocol, run by the group leader): a model is the unit, so every
 * partition of a model's train topic goes to one member. Models stay where they are (a hand-over costs a final
 * checkpoint and a restore), new ones go to the member with the fewest, and models move only to even out the counts
 * (no member more than one above another that could take the model). A member takes only the topics it subscribed
 * to, which is how a replica's model filter works.
 *
 * <p>Cooperative: a model moving from one live member to another is first only revoked from its old owner, which
 * writes its final checkpoint and rejoins; the next rebalance gives it to the new one. So no model has two owners at
 * any moment the group knows of (the checkpoint head fences the rest: a member the group dropped but that still runs).
 */
public final class ModelAssignor implements ConsumerPartitionAssignor {

    public static final String NAME = "streamtune-model";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<RebalanceProtocol> supportedProtocols() {
        return List.of(RebalanceProtocol.COOPERATIVE);
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
        Map<String, Subscription> members = groupSubscription.groupSubscription();
        Map<String, Set<String>> eligible = new TreeMap<>();
        Map<String, String> previous = new HashMap<>();
        Map<String, Integer> previousGeneration = new HashMap<>();
        for (Map.Entry<String, Subscription> e : members.entrySet()) {
            for (String topic : e.getValue().topics()) {
                Integer partitions = metadata.partitionCountForTopic(topic);
                if (partitions != null && partitions > 0 && Topics.TRAIN_PATTERN.matcher(topic).matches()) {
                    eligible.computeIfAbsent(topic, t -> new TreeSet<>()).add(e.getKey());
                }
            }
            int generation = e.getValue().generationId().orElse(-1);
            for (TopicPartition tp : e.getValue().ownedPartitions()) {
                // two claimants (one a member from an older generation): the newer generation's claim stands
                if (generation > previousGeneration.getOrDefault(tp.topic(), Integer.MIN_VALUE)) {
                    previous.put(tp.topic(), e.getKey());
                    previousGeneration.put(tp.topic(), generation);
                }
            }
        }
        Map<String, String> plan = plan(members.keySet(), eligible, previous);
        Map<String, List<TopicPartition>> out = new TreeMap<>();
        members.keySet().forEach(m -> out.put(m, new ArrayList<>()));
        for (Map.Entry<String, String> e : plan.entrySet()) {
            String topic = e.getKey();
            String was = previous.get(topic);
            if (was != null && !was.equals(e.getValue()) && members.containsKey(was)) {
                continue; // moving: revoked from its owner this round, given to the new one the next
            }
            int partitions = metadata.partitionCountForTopic(topic);
            for (int p = 0; p < partitions; p++) {
                out.get(e.getValue()).add(new TopicPartition(topic, p));
            }
        }
        Map<String, Assignment> assignments = new HashMap<>();
        out.forEach((m, parts) -> assignments.put(m, new Assignment(parts)));
        return new GroupAssignment(assignments);
    }

    /**
     * Which member owns each topic: sticky, then fewest models first, then evened out.
     *
     * @param members every member of the group
     * @param eligible topic → the members subscribed to it
     * @param previous topic → the member that owned it before this rebalance
     * @return topic → member, for every eligible topic
     */
    static Map<String, String> plan(Collection<String> members, Map<String, Set<String>> eligible,
            Map<String, String> previous) {
        Map<String, Integer> load = new TreeMap<>();
        members.forEach(m -> load.put(m, 0));
        Map<String, String> owner = new TreeMap<>();
        for (Map.Entry<String, Set<String>> e : eligible.entrySet()) {
            String was = previous.get(e.getKey());
            if (was != null && e.getValue().contains(was) && load.containsKey(was)) {
                owner.put(e.getKey(), was);
                load.merge(was, 1, Integer::sum);
            }
        }
        for (Map.Entry<String, Set<String>> e : eligible.entrySet()) {
            if (!owner.containsKey(e.getKey())) {
                String m = leastLoaded(e.getValue(), load);
                owner.put(e.getKey(), m);
                load.merge(m, 1, Integer::sum);
            }
        }
        // even out: a model moves when its owner has two or more above a member that could take it; the sum of
        // squared loads falls at each move, so this ends
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Map.Entry<String, Set<String>> e : eligible.entrySet()) {
                String from = owner.get(e.getKey());
                String to = leastLoaded(e.getValue(), load);
                if (load.get(from) - load.get(to) >= 2) {
                    owner.put(e.getKey(), to);
                    load.merge(from, -1, Integer::sum);
                    load.merge(to, 1, Integer::sum);
                    moved = true;
                }
            }
        }
        return owner;
    }

    private static String leastLoaded(Set<String> candidates, Map<String, Integer> load) {
        String best = null;
        for (String m : candidates) { // sorted: ties go to the first name
            if (best == null || load.get(m) < load.get(best)) {
                best = m;
            }
        }
        return best;
    }
}
