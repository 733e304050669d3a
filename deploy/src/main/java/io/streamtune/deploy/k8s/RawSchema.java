package io.streamtune.deploy.k8s;

import io.streamtune.deploy.Findings;
import java.util.List;
import java.util.Map;

/**
 * The kinds this project deploys that the fabric8 model on the class path does not cover, as trees of known field
 * names, so a misspelt field fails here as the API server's schema validation would: Strimzi's
 * {@code kafka.strimzi.io/v1} (Kafka, KafkaNodePool, KafkaTopic, KafkaUser), NetworkPolicy, PodDisruptionBudget,
 * Job (its pod template is parsed strictly by {@link ManifestReader}) and the Prometheus Operator's ServiceMonitor. A
 * field whose content this project does not check is {@link #ANY}.
 */
final class RawSchema {

    static final String STRIMZI_GROUP = "kafka.strimzi.io/";
    static final String STRIMZI = STRIMZI_GROUP + "v1";
    private static final Object ANY = new Object();
    private static final Object SCALAR = new Object();

    private static final Map<String, Object> METADATA = Map.of("name", SCALAR, "namespace", SCALAR, "labels", ANY,
            "annotations", ANY);

    private static final Map<String, Object> STORAGE_VOLUME = Map.of("id", SCALAR, "type", SCALAR, "size", SCALAR,
            "class", SCALAR, "deleteClaim", SCALAR, "kraftMetadata", SCALAR);

    private static final Map<String, Object> ACL = Map.of("type", SCALAR, "host", SCALAR,
            "operations", List.of(SCALAR),
            "resource", Map.of("type", SCALAR, "name", SCALAR, "patternType", SCALAR));

    private static final Map<String, Map<String, Object>> SPECS = Map.of(
            STRIMZI + "/KafkaTopic", Map.of("topicName", SCALAR, "partitions", SCALAR, "replicas", SCALAR,
                    "config", ANY),
            STRIMZI + "/KafkaNodePool", Map.of("replicas", SCALAR, "roles", List.of(SCALAR), "resources", ANY,
                    "jvmOptions", ANY, "template", ANY,
                    "storage", Map.of("type", SCALAR, "size", SCALAR, "class", SCALAR, "deleteClaim", SCALAR,
                            "kraftMetadata", SCALAR, "volumes", List.of(STORAGE_VOLUME))),
            STRIMZI + "/Kafka", Map.of(
                    "kafka", Map.ofEntries(Map.entry("version", SCALAR), Map.entry("metadataVersion", SCALAR),
                            Map.entry("config", ANY), Map.entry("authorization", ANY), Map.entry("resources", ANY),
                            Map.entry("jvmOptions", ANY), Map.entry("rack", ANY), Map.entry("template", ANY),
                            Map.entry("logging", ANY), Map.entry("metricsConfig", ANY),
                            Map.entry("listeners", List.of(Map.of("name", SCALAR, "port", SCALAR, "type", SCALAR,
                                    "tls", SCALAR, "authentication", ANY, "configuration", ANY,
                                    "networkPolicyPeers", ANY)))),
                    "entityOperator", Map.of("topicOperator", ANY, "userOperator", ANY, "template", ANY),
                    "cruiseControl", ANY, "kafkaExporter", ANY),
            STRIMZI + "/KafkaUser", Map.of("authentication", Map.of("type", SCALAR, "password", ANY),
                    "authorization", Map.of("type", SCALAR, "acls", List.of(ACL)), "quotas", ANY, "template", ANY),
            "networking.k8s.io/v1/NetworkPolicy", Map.of("podSelector", ANY, "policyTypes", List.of(SCALAR),
                    "ingress", List.of(Map.of("from", ANY, "ports", List.of(Map.of("port", SCALAR,
                            "protocol", SCALAR, "endPort", SCALAR)))), "egress", ANY),
            "policy/v1/PodDisruptionBudget", Map.of("minAvailable", SCALAR, "maxUnavailable", SCALAR,
                    "selector", ANY, "unhealthyPodEvictionPolicy", SCALAR),
            "batch/v1/Job", Map.of("template", ANY, "backoffLimit", SCALAR, "ttlSecondsAfterFinished", SCALAR,
                    "activeDeadlineSeconds", SCALAR, "completions", SCALAR, "parallelism", SCALAR),
            "monitoring.coreos.com/v1/ServiceMonitor", Map.of("selector", ANY, "namespaceSelector", ANY,
                    "jobLabel", SCALAR, "endpoints", List.of(Map.of("port", SCALAR, "path", SCALAR,
                            "interval", SCALAR, "scrapeTimeout", SCALAR, "scheme", SCALAR))));

    private RawSchema() {
    }

    static boolean handles(String apiVersion, String kind) {
        return SPECS.containsKey(apiVersion + "/" + kind);
    }

    /** Every kind this schema knows, as {@code apiVersion/kind}. */
    static List<String> kinds() {
        return SPECS.keySet().stream().sorted().toList();
    }

    static void check(Map<String, Object> raw, String apiVersion, String kind, String where, Findings findings) {
        Map<String, Object> top = Map.of("apiVersion", SCALAR, "kind", SCALAR, "metadata", METADATA,
                "spec", SPECS.get(apiVersion + "/" + kind));
        walk(raw, top, "", where + " (" + apiVersion + ")", findings);
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
                findings.add(where, "unknown field " + child + " (known: "
                        + fields.keySet().stream().map(String::valueOf).sorted().toList() + ").");
            } else {
                walk(e.getValue(), sub, child, where, findings);
            }
        }
    }
}
