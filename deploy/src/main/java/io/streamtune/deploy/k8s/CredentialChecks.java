package io.streamtune.deploy.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.streamtune.contracts.Topics;
import io.streamtune.deploy.Findings;
import io.streamtune.deploy.Project;
import io.streamtune.deploy.config.ServiceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Each service has credentials of its own: an S3 key no other service and not MinIO's root user holds, and, with
 * Strimzi, a KafkaUser named after it whose Secret its Deployment reads, on a cluster that authenticates every
 * listener and authorises by ACLs, where only a topic's producer may write it. The trainer pool's user may join the
 * pool's consumer group and read the train topic of every model it is to train (the pool subscribes by pattern and
 * sees only those), never a held-out topic; the evaluator's user reads those models' held-out topics.
 */
public final class CredentialChecks {

    /** The keys of the Secret the User Operator writes for a SCRAM-SHA-512 KafkaUser. */
    static final Set<String> SCRAM_SECRET_KEYS = Set.of("password", "sasl.jaas.config");
    static final String JAAS = "KAFKA_SASL_JAAS_CONFIG";
    /** The one writer of each fixed topic (shared/DESIGN.md, section 3); streamtune.dlq is everyone's. */
    static final Map<String, String> WRITERS = Map.of(Topics.MODELS, "registry-service",
            Topics.CHECKPOINTS, "trainer-service", Topics.EVALUATIONS, "evaluator-service",
            Topics.PROMOTIONS, "registry-service");

    private final Project project;
    private final Findings findings;

    public CredentialChecks(Project project, Findings findings) {
        this.project = project;
        this.findings = findings;
    }

    /** A service container and the service it runs. */
    private record Run(Manifest owner, Container container, ServiceConfig service) {
    }

    /** No two services share an S3 Secret, and none uses the one MinIO's root user comes from. */
    public void s3(String overlay, List<Manifest> objects) {
        Set<String> root = new LinkedHashSet<>();
        for (Manifest m : objects) {
            for (Container c : Workloads.containers(m)) {
                for (EnvVar e : env(c)) {
                    if (e.getName().startsWith("MINIO_ROOT_") && secret(e) != null) {
                        root.add(secret(e).getName());
                    }
                }
            }
        }
        Map<String, Set<String>> users = new LinkedHashMap<>();
        for (Run r : runs(objects)) {
            for (EnvVar e : env(r.container())) {
                if (!e.getName().endsWith("S3_ACCESS_KEY") && !e.getName().endsWith("S3_SECRET_KEY")
                        || secret(e) == null) {
                    continue;
                }
                String name = secret(e).getName();
                if (root.contains(name)) {
                    findings.add(overlay + ": " + r.owner().where(), r.service().name() + " takes " + e.getName()
                            + " from " + name + ", MinIO's root credentials; give it a user of its own.");
                }
                users.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(r.service().name());
            }
        }
        users.forEach((secret, services) -> {
            if (services.size() > 1) {
                findings.add(overlay, "Secret " + secret + " is the S3 key of " + String.join(" and ", services)
                        + "; each service needs its own (and a policy for just its buckets).");
            }
        });
    }

    /** Strimzi: authentication and ACLs on, a KafkaUser per service, its Secret in the service's Deployment. */
    public void kafka(String overlay, List<Manifest> objects) {
        for (Manifest k : objects.stream().filter(o -> "Kafka".equals(o.kind())).toList()) {
            if (!"simple".equals(Raw.string(Raw.at(k, "spec", "kafka", "authorization", "type")))) {
                findings.add(overlay + ": " + k.where(), "needs spec.kafka.authorization.type: simple (ACLs).");
            }
            for (Object l : Raw.list(Raw.at(k, "spec", "kafka", "listeners"))) {
                Map<?, ?> listener = Raw.map(l);
                if (Raw.map(listener.get("authentication")).get("type") == null) {
                    findings.add(overlay + ": " + k.where(), "listener " + listener.get("name")
                            + " has no authentication: anyone who reaches it acts without a principal.");
                }
                if (Raw.list(listener.get("networkPolicyPeers")).isEmpty()) {
                    findings.add(overlay + ": " + k.where(), "listener " + listener.get("name") + " has no "
                            + "networkPolicyPeers: Strimzi opens its port to every pod.");
                }
            }
        }
        Map<String, Manifest> users = new LinkedHashMap<>();
        objects.stream().filter(o -> "KafkaUser".equals(o.kind())).forEach(u -> users.put(u.name(), u));
        Set<String> seen = new LinkedHashSet<>();
        for (Run r : runs(objects)) {
            String svc = r.service().name();
            String where = overlay + ": " + r.owner().where();
            seen.add(svc);
            Manifest user = users.get(svc);
            if (user == null) {
                findings.add(where, "no KafkaUser named " + svc + ": each service is a principal of its own.");
                continue;
            }
            Object auth = Raw.at(user, "spec", "authentication", "type");
            if (!"scram-sha-512".equals(auth) && !"tls".equals(auth)) {
                findings.add(user.where(), "needs spec.authentication.type scram-sha-512 (or tls).");
            }
            if (!"simple".equals(Raw.at(user, "spec", "authorization", "type"))) {
                findings.add(user.where(), "needs spec.authorization.type: simple with the service's ACLs.");
            }
            SecretKeySelector jaas = env(r.container()).stream().filter(e -> JAAS.equals(e.getName()))
                    .map(CredentialChecks::secret).filter(java.util.Objects::nonNull).findFirst().orElse(null);
            if (jaas == null || !svc.equals(jaas.getName()) || !"sasl.jaas.config".equals(jaas.getKey())) {
                findings.add(where, svc + " must take " + JAAS + " from key sasl.jaas.config of its own KafkaUser's "
                        + "Secret " + svc + ", takes " + (jaas == null ? "nothing" : jaas.getName() + "/"
                        + jaas.getKey()) + ".");
            }
            String protocol = value(r.container(), objects, "KAFKA_SECURITY_PROTOCOL");
            if (protocol == null || !protocol.startsWith("SASL_")) {
                findings.add(where, "KAFKA_SECURITY_PROTOCOL must be SASL_PLAINTEXT or SASL_SSL, is " + protocol
                        + ".");
            }
            passesKafkaSettings(r.service());
            trainer(r, objects, users);
        }
        WRITERS.forEach((topic, owner) -> users.values().forEach(u -> {
            boolean writes = allows(u, topic, "Write");
            if (u.name().equals(owner) && seen.contains(owner) && !writes) {
                findings.add(u.where(), owner + " produces " + topic + " but may not write it.");
            } else if (!u.name().equals(owner) && writes) {
                findings.add(u.where(), "may write " + topic + ", which only " + owner + " produces.");
            }
        }));
    }

    /**
     * The trainer pool's user: Read on its consumer group; Read on the train topic of each model its
     * STREAMTUNE_TRAINER_MODELS filter names or, without a filter, on at least one (a literal ACL per model, since the
     * pattern subscription sees only what it may Describe); no held-out topic. The evaluator reads the held-out topic
     * of each of those models.
     */
    private void trainer(Run r, List<Manifest> objects, Map<String, Manifest> users) {
        if (!WorkloadChecks.TRAINER.equals(r.service().name())) {
            return;
        }
        Manifest user = users.get(WorkloadChecks.TRAINER);
        if (user == null) {
            return;
        }
        String where = r.owner().where();
        String filter = value(r.container(), objects, WorkloadChecks.TRAINER_MODELS);
        Set<String> models = new LinkedHashSet<>();
        if (filter != null && !filter.isBlank()) {
            for (String model : filter.split(",")) {
                // WorkloadChecks reports the names that are not model names
                if (Topics.TRAIN_PATTERN.matcher(Topics.PREFIX + model.trim() + ".train").matches()) {
                    models.add(model.trim());
                    need(user, Topics.train(model.trim()));
                }
            }
        } else {
            models.addAll(trainedModels(user));
            if (models.isEmpty()) {
                findings.add(user.where(), "may read no streamtune.<model>.train topic by name, so the trainer pool ("
                        + where + ") sees none and trains nothing: add a literal Describe, Read ACL per model.");
            }
        }
        for (String model : models) {
            need(users.get("evaluator-service"), Topics.heldout(model));
        }
        Manifest evaluator = users.get("evaluator-service");
        Set<String> heldoutModels = new LinkedHashSet<>(models);
        if (evaluator != null) {
            heldoutModels.addAll(topicModels(evaluator, Topics.HELDOUT_PATTERN));
        }
        for (String model : heldoutModels) {
            if (allows(user, Topics.heldout(model), "Read")) {
                findings.add(user.where(), "may read " + Topics.heldout(model) + ": the trainer never reads held-out "
                        + "examples (the evaluator scores on them).");
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        String groupEnv = value(r.container(), objects, WorkloadChecks.TRAINER_GROUP_ID);
        if (groupEnv != null) {
            env.put(WorkloadChecks.TRAINER_GROUP_ID, groupEnv);
        }
        String group = WorkloadChecks.trainerGroup(r.service(), env);
        if (group != null && !allows(user, "group", group, "Read")) {
            findings.add(user.where(), "may not join the trainer pool's consumer group " + group + " ("
                    + WorkloadChecks.GROUP_ID_KEY + " of " + where + "): it needs Read on that group (a literal ACL on "
                    + "it, or a prefix ACL it starts with: prefix " + group + "- does not cover " + group + ").");
        }
    }

    /** The models whose train topic the user may read by a literal ACL. */
    private static Set<String> trainedModels(Manifest user) {
        return topicModels(user, Topics.TRAIN_PATTERN);
    }

    private static Set<String> topicModels(Manifest user, java.util.regex.Pattern topic) {
        Set<String> out = new LinkedHashSet<>();
        for (Object a : Raw.list(Raw.at(user, "spec", "authorization", "acls"))) {
            Map<?, ?> res = Raw.map(Raw.map(a).get("resource"));
            String name = Raw.string(res.get("name"));
            if ("topic".equals(res.get("type")) && !"prefix".equals(res.get("patternType")) && name != null) {
                java.util.regex.Matcher m = topic.matcher(name);
                if (m.matches() && allows(user, name, "Read")) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    private void need(Manifest user, String topic) {
        if (user != null && !allows(user, topic, "Read")) {
            findings.add(user.where(), "may not read " + topic + ".");
        }
    }

    /** Whether an ACL of the user allows the operation on the topic, and no deny ACL takes it back. */
    static boolean allows(Manifest user, String topic, String operation) {
        return allows(user, "topic", topic, operation);
    }

    /** Whether an ACL of the user allows the operation on the resource (topic, group), and no deny takes it back. */
    static boolean allows(Manifest user, String type, String resource, String operation) {
        boolean allow = false;
        for (Object a : Raw.list(Raw.at(user, "spec", "authorization", "acls"))) {
            Map<?, ?> acl = Raw.map(a);
            Map<?, ?> res = Raw.map(acl.get("resource"));
            String name = Raw.string(res.get("name"));
            boolean matches = type.equals(res.get("type")) && name != null
                    && ("prefix".equals(res.get("patternType")) ? resource.startsWith(name)
                    : name.equals(resource) || name.equals("*"));
            List<?> ops = Raw.list(acl.get("operations"));
            if (!matches || !ops.contains(operation) && !ops.contains("All")) {
                continue;
            }
            if ("deny".equals(acl.get("type"))) {
                return false;
            }
            allow = true;
        }
        return allow;
    }

    /**
     * The SASL settings reach a service's clients only if it builds them from Quarkus's default-kafka-broker map
     * (or uses Reactive Messaging, which does): a note, since the variables themselves are read.
     */
    private void passesKafkaSettings(ServiceConfig svc) {
        Path src = svc.dir().resolve("src/main/java");
        boolean messaging = Files.isRegularFile(svc.dir().resolve("pom.xml"))
                && io.streamtune.deploy.PomFile.read(svc.dir().resolve("pom.xml")).dependencyArtifactIds()
                .contains("quarkus-messaging-kafka");
        if (messaging || !Files.isDirectory(src)) {
            return;
        }
        try (Stream<Path> files = Files.walk(src)) {
            boolean map = files.filter(p -> p.toString().endsWith(".java")).anyMatch(p -> {
                try {
                    return Files.readString(p).contains("default-kafka-broker");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (!map) {
                findings.note(svc.name() + " builds its Kafka clients without the kafka.* settings "
                        + "(default-kafka-broker): KAFKA_SECURITY_PROTOCOL and KAFKA_SASL_* do not reach them yet.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Run> runs(List<Manifest> objects) {
        return objects.stream().flatMap(m -> Workloads.containers(m).stream().map(c -> {
            Optional<ServiceConfig> s = project.serviceOfImage(c.getImage());
            return s.map(svc -> new Run(m, c, svc)).orElse(null);
        })).filter(java.util.Objects::nonNull).toList();
    }

    private static List<EnvVar> env(Container c) {
        return c.getEnv() == null ? List.of() : c.getEnv();
    }

    private static SecretKeySelector secret(EnvVar e) {
        return e.getValueFrom() == null ? null : e.getValueFrom().getSecretKeyRef();
    }

    /** A variable's value, literal or from an envFrom ConfigMap of the render. */
    private static String value(Container c, List<Manifest> objects, String name) {
        for (EnvVar e : env(c)) {
            if (name.equals(e.getName())) {
                return e.getValue();
            }
        }
        for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                ConfigMap cm = WorkloadChecks.configMap(objects, from.getConfigMapRef().getName());
                if (cm != null && cm.getData() != null && cm.getData().containsKey(name)) {
                    return cm.getData().get(name);
                }
            }
        }
        return null;
    }
}
