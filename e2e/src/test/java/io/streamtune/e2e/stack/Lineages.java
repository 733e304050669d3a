package io.streamtune.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.contracts.CheckpointHead;
import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.EventJson;
import io.streamtune.storage.ArtifactStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A model's lineage (the chain of checkpoints behind its head) and the exactly-once check the crash tests make on it. */
final class Lineages {

    private Lineages() {
    }

    /** The chain behind the model's checkpoint head, oldest first. */
    static List<CheckpointManifest> chain(ArtifactStore store, String model) {
        CheckpointHead head = store.readHead(model).orElseThrow().value();
        List<CheckpointManifest> chain = new ArrayList<>();
        for (String id = head.checkpointId(); id != null; ) {
            CheckpointManifest m = store.readManifest(model, id).orElseThrow();
            chain.add(0, m);
            id = m.parentCheckpointId();
        }
        return chain;
    }

    /**
     * The intervals chain from zero to the end of the train topic, every record of the topic is in exactly one
     * ledger, and the trained ones are exactly the examples ingest accepted for training, each as often as it is on
     * the topic: once, unless ingest wrote it twice (a retried batch, issue 20), which is counted and returned.
     *
     * @return how many records repeat an example id already on the topic (ingest's duplicates, not the trainer's)
     */
    static long everyAcceptedExampleTrainedExactlyOnce(ArtifactStore store, String model,
            List<CheckpointManifest> chain, Set<String> acceptedTrain, String bootstrap) throws IOException {
        PipelineEvents.TopicRecords topic = PipelineEvents.read(bootstrap, io.streamtune.contracts.Topics.train(model));
        Map<String, Integer> onTopic = topic.perKey();
        long end = topic.records();
        assertThat(sum(chain.get(0).fromOffsets())).isZero();
        assertThat(topic.coveredBy(chain.get(chain.size() - 1).offsets()))
                .as(model + ": the head's checkpoint holds every record of the topic").isTrue();
        Map<String, Integer> trained = new HashMap<>();
        Map<String, List<String>> where = new HashMap<>();
        Set<String> positions = new HashSet<>();
        for (int i = 0; i < chain.size(); i++) {
            CheckpointManifest m = chain.get(i);
            if (i > 0) {
                assertThat(m.fromOffsets()).as(model + ": " + m.checkpointId() + " starts where its parent ended")
                        .isEqualTo(chain.get(i - 1).offsets());
            }
            JsonNode ledger = EventJson.mapper().readTree(store.objects().get(store.settings().checkpointsBucket(),
                    model + "/" + m.checkpointId() + "/ledger.json"));
            for (String list : List.of("trained", "skipped", "discarded", "deadLettered")) {
                for (JsonNode entry : ledger.path(list)) {
                    String position = entry.path("partition").asInt() + "@" + entry.path("offset").asLong();
                    assertThat(positions.add(position)).as(model + ": record " + position + " in one ledger only")
                            .isTrue();
                    if (list.equals("trained")) {
                        trained.merge(entry.path("id").asText(), 1, Integer::sum);
                        where.computeIfAbsent(entry.path("id").asText(), k -> new ArrayList<>())
                                .add(position + " in " + m.checkpointId());
                    }
                }
            }
        }
        assertThat((long) positions.size()).as(model + ": records accounted for").isEqualTo(end);
        assertThat(trained.keySet()).as(model + ": trained = accepted for training").isEqualTo(acceptedTrain);
        Map<String, List<String>> wrong = new java.util.TreeMap<>();
        where.forEach((id, at) -> {
            if (at.size() != onTopic.getOrDefault(id, 0)) {
                wrong.put(id, at);
            }
        });
        assertThat(wrong).as(model + ": examples trained other than once per record on the topic").isEmpty();
        long duplicates = onTopic.values().stream().mapToLong(n -> n - 1).sum();
        if (duplicates > 0) {
            System.out.printf("%s: %d record(s) repeat an example id ingest had written already%n", model, duplicates);
        }
        return duplicates;
    }

    /** How often each example id is in a {@code trained} list of the chain's ledgers. */
    static Map<String, Integer> trained(ArtifactStore store, String model, List<CheckpointManifest> chain)
            throws IOException {
        Map<String, Integer> trained = new HashMap<>();
        for (CheckpointManifest m : chain) {
            JsonNode ledger = EventJson.mapper().readTree(store.objects().get(store.settings().checkpointsBucket(),
                    model + "/" + m.checkpointId() + "/ledger.json"));
            ledger.path("trained").forEach(entry -> trained.merge(entry.path("id").asText(), 1, Integer::sum));
        }
        return trained;
    }

    static long sum(Map<Integer, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }
}
