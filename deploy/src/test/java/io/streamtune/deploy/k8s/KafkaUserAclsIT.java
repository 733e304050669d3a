package io.streamtune.deploy.k8s;

import io.streamtune.contracts.Topics;
import io.streamtune.deploy.DeployedKafkaUsers;
import io.streamtune.deploy.Repository;
import io.streamtune.localstack.test.KafkaUsers;
import io.streamtune.localstack.test.SecuredKafkaEndpoint;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The Strimzi overlay's KafkaUsers ({@code k8s/overlays/strimzi/users.yaml}) applied the way the User Operator applies
 * them, and the shared topics as its topic operator creates them ({@code topics.yaml}).
 */
class KafkaUserAclsIT extends DeployedKafkaUsers {

    @Override
    protected Map<String, String> deploy(SecuredKafkaEndpoint kafka) throws Exception {
        Map<String, String> passwords = KafkaUsers.read(Repository.root().resolve("k8s/overlays/strimzi/users.yaml"))
                .apply(kafka);
        try (Admin operator = Admin.create(kafka.operatorProperties())) {
            operator.createTopics(List.of(Topics.MODELS, Topics.CHECKPOINTS, Topics.EVALUATIONS, Topics.PROMOTIONS,
                    Topics.DLQ).stream().map(t -> new NewTopic(t, 1, (short) 1)).toList()).all()
                    .get(30, TimeUnit.SECONDS);
        }
        return passwords;
    }
}
