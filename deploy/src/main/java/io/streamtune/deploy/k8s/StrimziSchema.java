package io.streamtune.deploy.k8s;

import io.streamtune.deploy.Findings;
import java.util.List;
import java.util.Map;

/**
 * The part of Strimzi's {@code kafka.strimzi.io/v1beta2} API (Kafka, KafkaNodePool, KafkaTopic) that this project
 * uses, as a tree of known field names, so a misspelt field fails here as the operator's CRD validation would. A
 * field whose content this project does not check is {@link #ANY}.
 */
final class StrimziSchema {

    static final String API_VERSION = "kafka.strimzi.io/v1beta2";
    private static final Object ANY = new Object();
    private static final Object SCALAR = new Object();

    private static final Map<String, Object> METADATA = Map.of("name", SCALAR, "namespace", SCALAR, "labels", ANY,
            "annotations", ANY);

    private static final Map<String, Object> STORAGE_VOLUME = Map.of("id", SCALAR, "type", SCALAR, "size", SCALAR,
            "class", SCALAR, "deleteClaim", SCALAR, "kraftMetadata", SCALAR);

    private static final Map<String, Map<String, Object>> SPECS = Map.of(
            "KafkaTopic", Map.of("topicName", SCALAR, "partitions", SCALAR, "replicas", SCALAR, "config", ANY),
            "KafkaNodePool", Map.of("replicas", SCALAR, "roles", List.of(SCALAR), "resources", ANY,
                    "jvmOptions", ANY, "template", ANY,
                    "storage", Map.of("type", SCALAR, "size", SCALAR, "class", SCALAR, "deleteClaim", SCALAR,
                            "kraftMetadata", SCALAR, "volumes", List.of(STORAGE_VOLUME))),
            "Kafka", Map.of(
                    "kafka", Map.ofEntries(Map.entry("version", SCALAR), Map.entry("metadataVersion", SCALAR),
                            Map.entry("config", ANY), Map.entry("authorization", ANY), Map.entry("resources", ANY),
                            Map.entry("jvmOptions", ANY), Map.entry("rack", ANY), Map.entry("template", ANY),
                            Map.entry("logging", ANY), Map.entry("metricsConfig", ANY),
                            Map.entry("listeners", List.of(Map.of("name", SCALAR, "port", SCALAR, "type", SCALAR,
                                    "tls", SCALAR, "authentication", ANY, "configuration", ANY)))),
                    "entityOperator", Map.of("topicOperator", ANY, "userOperator", ANY, "template", ANY),
                    "cruiseControl", ANY, "kafkaExporter", ANY));

    private StrimziSchema() {
    }

    static boolean handles(String apiVersion, String kind) {
        return API_VERSION.equals(apiVersion) && SPECS.containsKey(kind);
    }

    static void check(Map<String, Object> raw, String apiVersion, String kind, String where, Findings findings) {
        Map<String, Object> top = Map.of("apiVersion", SCALAR, "kind", SCALAR, "metadata", METADATA,
                "spec", SPECS.get(kind));
        walk(raw, top, "", where, findings);
    }

    private static void walk(Object node, Object schema, String path, String where, Findings findings) {
        if (schema == ANY) {
            return;
        }
        if (schema == SCALAR) {
            if (node instanceof Map || node instanceof List) {
                findings.add(where, path + " must be a single value.");
            }
            return;
        }
        if (schema instanceof List<?> items) {
            if (!(node instanceof List<?> list)) {
                findings.add(where, path + " must be a list.");
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), items.get(0), path + "[" + i + "]", where, findings);
            }
            return;
        }
        Map<?, ?> fields = (Map<?, ?>) schema;
        if (!(node instanceof Map<?, ?> map)) {
            findings.add(where, path + " must be a mapping.");
            return;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String child = path.isEmpty() ? String.valueOf(e.getKey()) : path + "." + e.getKey();
            Object sub = fields.get(String.valueOf(e.getKey()));
            if (sub == null) {
                findings.add(where, "unknown field " + child + " (Strimzi " + API_VERSION + " knows "
                        + fields.keySet().stream().map(String::valueOf).sorted().toList() + ").");
            } else {
                walk(e.getValue(), sub, child, where, findings);
            }
        }
    }
}
