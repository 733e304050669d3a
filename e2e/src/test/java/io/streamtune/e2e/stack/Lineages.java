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
     * ledger, and the trained ones are exactly the examples ingest accepted for training, each id once (the example
     * id is the idempotency key): a later record of an id already trained (ingest wrote it twice, e.g. a retried
     * batch) is in the ledgers' duplicates, after the record that trained it.
     *
     * @return how many records repeat an example id already on the topic (the ledgers' duplicates)
     */
    static long everyAcceptedExampleTrainedExactlyOnce(ArtifactStore store, String model,
            List<CheckpointManifest> chain, Set<String> acceptedTrain, String bootstrap) throws IOException {
        PipelineEvents.TopicRecords topic = PipelineEvents.read(bootstrap, io.streamtune.contracts.Topics.train(model));
        Map<String, Integer> onTopic = topic.perKey();
        long end = topic.records();
        assertThat(sum(chain.get(0).fromOffsets())).isZero();
        assertThat(topic.coveredBy(chain.get(chain.size() - 1).offsets()))
                .as(model + ": the head's checkpoint holds every record of the topic").isTrue();
        Map<String, List<String>> where = new HashMap<>();
        Map<String, Long> trainedAt = new HashMap<>();
        Map<String, List<Long>> duplicatedAt = new HashMap<>();
        Set<String> positions = new HashSet<>();
        for (int i = 0; i < chain.size(); i++) {
            CheckpointManifest m = chain.get(i);
            if (i > 0) {
                assertThat(m.fromOffsets()).as(model + ": " + m.checkpointId() + " starts where its parent ended")
                        .isEqualTo(chain.get(i - 1).offsets());
            }
            JsonNode ledger = EventJson.mapper().readTree(store.objects().get(store.settings().checkpointsBucket(),
                    io.streamtune.contracts.Variant.lineage(m.model(), m.variant()) + "/" + m.checkpointId()
                            + "/ledger.json"));
            for (String list : List.of("trained", "skipped", "discarded", "deadLettered", "duplicates")) {
                for (JsonNode entry : ledger.path(list)) {
                    String position = entry.path("partition").asInt() + "@" + entry.path("offset").asLong();
                    assertThat(positions.add(position)).as(model + ": record " + position + " in one ledger only")
                            .isTrue();
                    String id = entry.path("id").asText();
                    if (list.equals("trained")) {
                        where.computeIfAbsent(id, k -> new ArrayList<>()).add(position + " in " + m.checkpointId());
                        trainedAt.put(id, entry.path("offset").asLong()); // one id, one key: one partition
                    } else if (list.equals("duplicates")) {
                        duplicatedAt.computeIfAbsent(id, k -> new ArrayList<>()).add(entry.path("offset").asLong());
                    }
                }
            }
        }
        assertThat((long) positions.size()).as(model + ": records accounted for").isEqualTo(end);
        assertThat(where.keySet()).as(model + ": trained = accepted for training").isEqualTo(acceptedTrain);
        Map<String, List<String>> wrong = new java.util.TreeMap<>();
        where.forEach((id, at) -> {
            if (at.size() != 1) {
                wrong.put(id, at);
            }
        });
        assertThat(wrong).as(model + ": examples trained other than exactly once").isEmpty();
        Map<String, String> notDuplicates = new java.util.TreeMap<>();
        onTopic.forEach((id, records) -> {
            List<Long> later = duplicatedAt.getOrDefault(id, List.of());
            Long first = trainedAt.get(id);
            if (records > 1 && (later.size() != records - 1 || first == null
                    || later.stream().anyMatch(o -> o < first))) {
                notDuplicates.put(id, records + " records, trained at " + first + ", duplicates at " + later);
            }
        });
        assertThat(notDuplicates).as(model + ": the later records of an id trained are its duplicates").isEmpty();
        long duplicates = onTopic.values().stream().mapToLong(n -> n - 1).sum();
        if (duplicates > 0) {
            System.out.printf("%s: %d record(s) repeat an example id already trained: in the ledgers' duplicates%n",
                    model, duplicates);
        }
        return duplicates;
    }

    /** How often each example id is in a {@code trained} list of the chain's ledgers. */
    static Map<String, Integer> trained(ArtifactStore store, String model, List<CheckpointManifest> chain)
            throws IOException {
        Map<String, Integer> trained = new HashMap<>();
        for (CheckpointManifest m : chain) {
            JsonNode ledger = EventJson.mapper().readTree(store.objects().get(store.settings().checkpointsBucket(),
                    io.streamtune.contracts.Variant.lineage(m.model(), m.variant()) + "/" + m.checkpointId()
                            + "/ledger.json"));
            ledger.path("trained").forEach(entry -> trained.merge(entry.path("id").asText(), 1, Integer::sum));
        }
        return trained;
    }

    static long sum(Map<Integer, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }
}
