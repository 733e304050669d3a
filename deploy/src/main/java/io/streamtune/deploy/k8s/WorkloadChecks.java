package io.streamtune.deploy.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.streamtune.contracts.Topics;
import io.streamtune.deploy.Findings;
import io.streamtune.deploy.Images;
import io.streamtune.deploy.Project;
import io.streamtune.deploy.config.KeyPattern;
import io.streamtune.deploy.config.ServiceConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks the workloads of a set of objects (a rendered overlay, or the base's files) against the services' real
 * configuration: image and tag, the HTTP port, the three health probes, resources, every environment variable name
 * (literal, from a ConfigMap, from a Secret) and every key the service cannot start without, references to
 * ConfigMaps and documented Secrets, the Service in front of each workload, and the trainer pool: Deployments
 * without a per-model label, a grace period longer than the final checkpoints, one consumer group for every pool,
 * one Deployment per pool (its models filter) with a selector of its own, and a disruption budget that lets a drain
 * move one replica at a time.
 */
public final class WorkloadChecks {

    /** A trainer's final checkpoint gets at least this long, whatever its configuration says. */
    static final Duration MIN_TRAINER_STOP = Duration.ofSeconds(60);
    static final String MODEL_LABEL = "streamtune.io/model";
    static final String TRAINER = "trainer-service";
    static final String TRAINER_MODELS = "STREAMTUNE_TRAINER_MODELS";
    static final String TRAINER_GROUP_ID = "STREAMTUNE_TRAINER_GROUP_ID";
    static final String GROUP_ID_KEY = "streamtune.trainer.group-id";
    private static final Pattern INSTANCE_ID_REFERENCE = Pattern.compile(
            "\\$\\{(streamtune\\.[a-z.-]+\\.instance-id)[}:]");
    private static final List<String> SECRET_SUFFIXES = List.of("_ACCESS_KEY", "_SECRET_KEY", "_SECRET",
            "_PASSWORD", "_SHA256", "_TOKEN");

    private final Project project;
    private final Findings findings;
    private final Map<String, Set<String>> documentedSecrets;
    /** The trainer Deployments of the current check, for the checks across pools. */
    private final List<Pool> pools = new java.util.ArrayList<>();

    /**
     * A trainer Deployment: one pool of the trainer consumer group.
     *
     * @param models its STREAMTUNE_TRAINER_MODELS filter, empty for every model
     * @param group its consumer group id, null where unknown
     */
    private record Pool(Manifest owner, Deployment deployment, Map<String, String> podLabels, Set<String> models,
            String group) {
    }

    /**
     * @param documentedSecrets secret name to keys, as k8s/README.md creates them ({@link SecretDocs})
     */
    public WorkloadChecks(Project project, Findings findings, Map<String, Set<String>> documentedSecrets) {
        this.project = project;
        this.findings = findings;
        this.documentedSecrets = documentedSecrets;
    }

    /**
     * @param objects every object of the render
     * @param complete whether every service must be there (a whole overlay, not a fragment)
     */
    public void check(List<Manifest> objects, boolean complete) {
        pools.clear();
        Set<String> seen = new LinkedHashSet<>();
        for (Manifest m : objects) {
            if ("Secret".equals(m.kind())) {
                findings.add(m.where(), "Secret objects carry their values into the repository; create Secrets with "
                        + "kubectl (k8s/README.md) and only reference them here.");
            }
            PodTemplateSpec template = Workloads.template(m);
            if (template == null || template.getSpec() == null) {
                continue;
            }
            for (Container c : Workloads.containers(m)) {
                Optional<ServiceConfig> svc = project.serviceOfImage(c.getImage());
                if (svc.isPresent()) {
                    seen.add(svc.get().name());
                    streamtune(m, template, c, svc.get(), objects);
                } else {
                    other(m, c, objects);
                }
            }
        }
        pools(objects, complete);
        if (complete) {
            for (String name : project.services().keySet()) {
                if (!seen.contains(name)) {
                    findings.add("render", "no workload runs " + name + " (image " + Project.IMAGE_PREFIX + name
                            + ").");
                }
            }
        }
    }

    private void streamtune(Manifest m, PodTemplateSpec template, Container c, ServiceConfig svc,
            List<Manifest> objects) {
        String where = m.where() + ", container " + c.getName();
        if (!Objects.equals(c.getName(), svc.name())) {
            findings.add(where, "the container running " + svc.name() + " must be named " + svc.name()
                    + " (patches find it by that name).");
        }
        Images.unpinned(c.getImage()).ifPresent(p -> findings.add(where, p));
        Images.tag(c.getImage()).filter(t -> !t.equals(project.version())).ifPresent(t -> findings.add(where,
                "image tag " + t + " is not the project version " + project.version() + "."));
        int port = svc.httpPort();
        boolean hasHttp = c.getPorts() != null && c.getPorts().stream()
                .anyMatch(p -> "http".equals(p.getName()) && Objects.equals(p.getContainerPort(), port));
        if (!hasHttp) {
            findings.add(where, "needs a port named http with containerPort " + port + " (quarkus.http.port of "
                    + svc.name() + "), has " + describePorts(c.getPorts()) + ".");
        }
        probe(where, "startupProbe", c.getStartupProbe(), svc.healthPath("started"), port);
        probe(where, "livenessProbe", c.getLivenessProbe(), svc.healthPath("live"), port);
        probe(where, "readinessProbe", c.getReadinessProbe(), svc.healthPath("ready"), port);
        resources(where, c.getResources());
        Map<String, String> env = env(where, c, objects, svc);
        for (ServiceConfig.Requirement r : svc.requirements()) {
            if (r.envNames().stream().noneMatch(env::containsKey)) {
                findings.add(where, svc.name() + " cannot start without " + r.key() + " (no default): set "
                        + String.join(" or ", r.envNames()) + ".");
            }
        }
        PodSpec pod = template.getSpec();
        if (!Boolean.FALSE.equals(pod.getEnableServiceLinks())) {
            findings.add(m.where(), "set enableServiceLinks: false; Kubernetes' service-link variables (KAFKA_PORT, "
                    + "...) would otherwise reach " + svc.name() + "'s kafka.* settings.");
        }
        boolean nonRoot = pod.getSecurityContext() != null
                && Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot())
                || c.getSecurityContext() != null && Boolean.TRUE.equals(c.getSecurityContext().getRunAsNonRoot());
        if (!nonRoot) {
            findings.add(m.where(), "set securityContext.runAsNonRoot: true (the images run as uid 10001).");
        }
        hardened(where, c);
        staticMembers(where, c, svc);
        exposed(m, template, svc, objects);
        if (TRAINER.equals(svc.name())) {
            trainer(m, template, svc, env);
        }
    }

    /**
     * A channel with static group membership ({@code group.instance.id}) names it after the service's instance id,
     * which must come from the pod's name: replicas of one Deployment then differ (two members under one id fence
     * each other), and a restarted container keeps it (and gets its partitions back at once).
     */
    private void staticMembers(String where, Container c, ServiceConfig svc) {
        Set<String> instanceKeys = new TreeSet<>();
        for (KeyPattern k : svc.keys()) {
            if (k.key().endsWith(".group.instance.id")) {
                svc.value(k.key()).ifPresent(v -> INSTANCE_ID_REFERENCE.matcher(v).results()
                        .forEach(r -> instanceKeys.add(r.group(1))));
            }
        }
        for (String key : instanceKeys) {
            String env = KeyPattern.of(key).envName();
            boolean fromPodName = c.getEnv() != null && c.getEnv().stream().anyMatch(e -> env.equals(e.getName())
                    && e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null
                    && "metadata.name".equals(e.getValueFrom().getFieldRef().getFieldPath()));
            if (!fromPodName) {
                findings.add(where, svc.name() + "'s consumers are static group members named by " + key + ": set "
                        + env + " from the pod's name (valueFrom.fieldRef.fieldPath: metadata.name), so that "
                        + "replicas differ and a restarted container keeps its name.");
            }
        }
    }

    /** A read-only root filesystem, no privilege escalation, no capabilities. */
    private void hardened(String where, Container c) {
        SecurityContext sc = c.getSecurityContext();
        if (sc == null || !Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
            findings.add(where, "set securityContext.readOnlyRootFilesystem: true (and an emptyDir for /tmp and "
                    + "every directory the service writes).");
        }
        if (sc == null || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
            findings.add(where, "set securityContext.allowPrivilegeEscalation: false.");
        }
        boolean dropsAll = sc != null && sc.getCapabilities() != null && sc.getCapabilities().getDrop() != null
                && sc.getCapabilities().getDrop().contains("ALL");
        if (!dropsAll) {
            findings.add(where, "set securityContext.capabilities.drop: [ALL].");
        }
    }

    private void trainer(Manifest m, PodTemplateSpec template, ServiceConfig svc, Map<String, String> env) {
        if (!(m.typed() instanceof Deployment d)) {
            findings.add(m.where(), "the trainer runs as a Deployment: its replicas are one pool (one consumer group "
                    + "that shares the models out).");
            return;
        }
        Map<String, String> selector = d.getSpec().getSelector() == null
                || d.getSpec().getSelector().getMatchLabels() == null ? Map.of()
                : d.getSpec().getSelector().getMatchLabels();
        Map<String, String> meta = d.getMetadata().getLabels() == null ? Map.of() : d.getMetadata().getLabels();
        if (meta.containsKey(MODEL_LABEL) || selector.containsKey(MODEL_LABEL)
                || labels(template).containsKey(MODEL_LABEL)) {
            findings.add(m.where(), "label " + MODEL_LABEL + ": the trainer is one pool for every model, each model "
                    + "owned by one replica through the consumer group, not a Deployment per model; scale the pool's "
                    + "replicas (a Deployment for some models only is a pool with " + TRAINER_MODELS + ").");
        }
        Duration budget = trainerStopBudget(svc);
        Long grace = template.getSpec().getTerminationGracePeriodSeconds();
        if (grace == null || grace <= budget.toSeconds()) {
            findings.add(m.where(), "terminationGracePeriodSeconds (" + (grace == null ? "default 30" : grace)
                    + ") must be longer than the trainer's final checkpoints (" + budget.toSeconds() + " s).");
        }
        Set<String> models = new java.util.TreeSet<>();
        if (svc.knowsEnv(TRAINER_MODELS) && env.containsKey(TRAINER_MODELS)) {
            String filter = env.get(TRAINER_MODELS);
            if (filter != null) {
                List<String> names = List.of(filter.split(",", -1)).stream().map(String::trim).toList();
                if (names.stream().anyMatch(String::isEmpty)) {
                    findings.add(m.where(), TRAINER_MODELS + "=\"" + filter + "\" has an empty name: list models "
                            + "(comma-separated), or leave the variable out for every model (an empty value does "
                            + "not mean unset).");
                }
                for (String n : names) {
                    if (n.isEmpty()) {
                        continue;
                    }
                    models.add(n);
                    if (!Topics.TRAIN_PATTERN.matcher(Topics.PREFIX + n + ".train").matches()) {
                        findings.add(m.where(), TRAINER_MODELS + " names " + n + ", which is not a model name "
                                + "(lower-case letters, digits and '-').");
                    }
                }
            }
        }
        pools.add(new Pool(m, d, labels(template), models, trainerGroup(svc, env)));
    }

    /** The trainer's consumer group: its STREAMTUNE_TRAINER_GROUP_ID, or the key's default; null where unknown. */
    static String trainerGroup(ServiceConfig svc, Map<String, String> env) {
        if (env.containsKey(TRAINER_GROUP_ID)) {
            return env.get(TRAINER_GROUP_ID);
        }
        return svc.value(GROUP_ID_KEY).orElse(null);
    }

    /**
     * Across the trainer Deployments: one consumer group (pools in two groups would each train every model they
     * take), one Deployment per models filter (two are one pool: scale its replicas), selectors that do not take
     * each other's pods, and, in a whole render, exactly one disruption budget per pool that lets a drain through.
     */
    private void pools(List<Manifest> objects, boolean complete) {
        for (int i = 0; i < pools.size(); i++) {
            Pool a = pools.get(i);
            for (int j = i + 1; j < pools.size(); j++) {
                Pool b = pools.get(j);
                String pair = "trainer Deployments " + a.owner().name() + " and " + b.owner().name();
                if (a.group() != null && b.group() != null && !a.group().equals(b.group())) {
                    findings.add(b.owner().where(), pair + " are in consumer groups " + a.group() + " and "
                            + b.group() + ": every trainer pool joins one group, or each group trains the models "
                            + "on its own and two replicas fight over each model's checkpoints.");
                }
                if (a.models().equals(b.models())) {
                    findings.add(b.owner().where(), pair + " take the same models ("
                            + (a.models().isEmpty() ? "every model" : String.join(",", a.models())) + "): that "
                            + "is one pool in two Deployments; scale one Deployment's replicas instead.");
                }
                if (Raw.selects(selector(a.deployment()), b.podLabels())
                        || Raw.selects(selector(b.deployment()), a.podLabels())) {
                    findings.add(b.owner().where(), pair + " select each other's pods: give each pool a label "
                            + "of its own (streamtune.io/pool) in its selector and pod template.");
                }
            }
        }
        if (!complete) {
            return;
        }
        List<Manifest> budgets = objects.stream().filter(o -> "PodDisruptionBudget".equals(o.kind())).toList();
        for (Pool p : pools) {
            List<Manifest> mine = budgets.stream()
                    .filter(b -> Raw.selects(Raw.at(b, "spec", "selector"), p.podLabels())).toList();
            if (mine.isEmpty()) {
                findings.add(p.owner().where(), "no PodDisruptionBudget selects this trainer pool's pods: a drain "
                        + "could stop every replica at once (maxUnavailable: 1 moves one at a time).");
            } else if (mine.size() > 1) {
                findings.add(p.owner().where(), "PodDisruptionBudgets " + mine.stream().map(Manifest::name).toList()
                        + " all select this trainer pool's pods: Kubernetes refuses to evict a pod that several "
                        + "budgets select, so every drain of its nodes would block.");
            } else {
                blocksDrains(mine.get(0), p);
            }
        }
    }

    /** A budget that allows no eviction at the pool's size blocks every drain of the nodes it runs on. */
    private void blocksDrains(Manifest budget, Pool p) {
        int replicas = p.deployment().getSpec().getReplicas() == null ? 1 : p.deployment().getSpec().getReplicas();
        Object max = Raw.at(budget, "spec", "maxUnavailable");
        Object min = Raw.at(budget, "spec", "minAvailable");
        boolean blocks = max != null ? percentOrCount(max, replicas) == 0
                : min != null && percentOrCount(min, replicas) >= replicas;
        if (blocks) {
            findings.add(budget.where(), "lets no replica of trainer Deployment " + p.owner().name() + " (" + replicas
                    + ") be evicted, so every drain of its nodes blocks; use maxUnavailable: 1 (the replica writes its "
                    + "final checkpoints and the others take its models).");
        }
    }

    /** An IntOrString of a budget, as a count of the pool's replicas (percentages rounded up, as Kubernetes does). */
    private static int percentOrCount(Object v, int replicas) {
        String t = String.valueOf(v).trim();
        if (t.endsWith("%")) {
            return (int) Math.ceil(Integer.parseInt(t.substring(0, t.length() - 1)) * replicas / 100.0);
        }
        return Integer.parseInt(t);
    }

    private static Map<String, Object> selector(Deployment d) {
        var s = d.getSpec().getSelector();
        Map<String, Object> out = new LinkedHashMap<>();
        if (s != null && s.getMatchLabels() != null) {
            out.put("matchLabels", s.getMatchLabels());
        }
        if (s != null && s.getMatchExpressions() != null) {
            out.put("matchExpressions", s.getMatchExpressions().stream().map(e -> Map.of("key", e.getKey(),
                    "operator", e.getOperator(), "values", e.getValues() == null ? List.of() : e.getValues()))
                    .toList());
        }
        return out;
    }

    /**
     * How long a trainer may need to stop: its {@code quarkus.shutdown.timeout}, or a duration key of its own
     * about the final checkpoint, and at least {@link #MIN_TRAINER_STOP}.
     */
    public static Duration trainerStopBudget(ServiceConfig svc) {
        Duration budget = MIN_TRAINER_STOP.compareTo(svc.shutdownTimeout()) > 0 ? MIN_TRAINER_STOP
                : svc.shutdownTimeout();
        for (var key : svc.keys()) {
            String k = key.key();
            if (k.startsWith("streamtune.trainer.") && (k.contains("final-checkpoint") || k.contains("shutdown"))) {
                Optional<String> v = svc.value(k);
                if (v.isPresent()) {
                    try {
                        Duration d = ServiceConfig.duration(v.get());
                        budget = d.compareTo(budget) > 0 ? d : budget;
                    } catch (IllegalArgumentException notADuration) {
                        // a count or a flag, not a time
                    }
                }
            }
        }
        return budget;
    }

    /**
     * A patch's containers (found by name, which is the service's) set only variables their service reads, and no
     * secret as a literal: for checks without a render ({@code resources}: the kustomization's objects).
     */
    public void checkPatch(Manifest patch, List<Manifest> resources) {
        List<Manifest> context = new java.util.ArrayList<>(resources);
        context.add(patch);
        for (Container c : Workloads.containers(patch)) {
            ServiceConfig svc = project.services().get(c.getName());
            if (svc != null) {
                env(patch.where() + ", container " + c.getName(), c, context, svc);
            }
        }
    }

    private void other(Manifest m, Container c, List<Manifest> objects) {
        String where = m.where() + ", container " + c.getName();
        Images.unpinned(c.getImage()).ifPresent(p -> findings.add(where, p));
        resources(where, c.getResources());
        env(where, c, objects, null);
    }

    private void probe(String where, String kind, Probe probe, String path, int port) {
        if (probe == null || probe.getHttpGet() == null) {
            findings.add(where, kind + " must be an httpGet on " + path + ".");
            return;
        }
        if (!path.equals(probe.getHttpGet().getPath())) {
            findings.add(where, kind + " path is " + probe.getHttpGet().getPath() + ", the service serves " + path
                    + ".");
        }
        if (!portMatches(probe.getHttpGet().getPort(), port)) {
            findings.add(where, kind + " port is " + describe(probe.getHttpGet().getPort()) + ", must be http or "
                    + port + ".");
        }
    }

    private void resources(String where, ResourceRequirements r) {
        Map<String, Quantity> requests = r == null || r.getRequests() == null ? Map.of() : r.getRequests();
        Map<String, Quantity> limits = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
        for (String res : List.of("cpu", "memory")) {
            if (!requests.containsKey(res)) {
                findings.add(where, "resources.requests." + res + " is missing.");
            }
            if (!limits.containsKey(res)) {
                findings.add(where, "resources.limits." + res + " is missing.");
            }
        }
    }

    /** Checks every variable the container gets; returns all their names, with the value where known. */
    private Map<String, String> env(String where, Container c, List<Manifest> objects, ServiceConfig svc) {
        Map<String, String> values = new LinkedHashMap<>();
        if (c.getEnvFrom() != null) {
            for (EnvFromSource from : c.getEnvFrom()) {
                if (from.getSecretRef() != null) {
                    findings.add(where, "envFrom secretRef " + from.getSecretRef().getName() + " hides its variable "
                            + "names from this check; use env with secretKeyRef per variable.");
                }
                if (from.getConfigMapRef() != null) {
                    String name = from.getConfigMapRef().getName();
                    ConfigMap cm = configMap(objects, name);
                    if (cm == null) {
                        findings.add(where, "envFrom ConfigMap " + name + " is not in this render.");
                    } else if (cm.getData() != null) {
                        String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                        cm.getData().forEach((k, v) -> {
                            variable(where + " (from ConfigMap " + name + ")", prefix + k, svc);
                            values.put(prefix + k, v);
                        });
                    }
                }
            }
        }
        if (c.getEnv() != null) {
            for (EnvVar e : c.getEnv()) {
                variable(where, e.getName(), svc);
                if (e.getValueFrom() == null) {
                    values.put(e.getName(), e.getValue());
                    if (secretLike(e.getName())) {
                        findings.add(where, e.getName() + " is a secret: take it from a Secret (secretKeyRef), "
                                + "never a literal value.");
                    }
                } else if (e.getValueFrom().getSecretKeyRef() != null) {
                    values.put(e.getName(), null);
                    var ref = e.getValueFrom().getSecretKeyRef();
                    Set<String> keys = documentedSecrets.get(ref.getName());
                    if ((keys == null || !keys.contains(ref.getKey())) && !kafkaUserSecret(objects, ref.getName(),
                            ref.getKey())) {
                        findings.add(where, e.getName() + " reads key " + ref.getKey() + " of Secret " + ref.getName()
                                + ", which k8s/README.md does not create (kubectl create secret generic "
                                + ref.getName() + " --from-literal=" + ref.getKey() + "=...).");
                    }
                } else if (e.getValueFrom().getConfigMapKeyRef() != null) {
                    var ref = e.getValueFrom().getConfigMapKeyRef();
                    ConfigMap cm = configMap(objects, ref.getName());
                    if (cm == null || cm.getData() == null || !cm.getData().containsKey(ref.getKey())) {
                        findings.add(where, e.getName() + " reads key " + ref.getKey() + " of ConfigMap "
                                + ref.getName() + ", which this render does not have.");
                    } else {
                        values.put(e.getName(), cm.getData().get(ref.getKey()));
                    }
                } else {
                    values.put(e.getName(), null);
                }
            }
        }
        return values;
    }

    private void variable(String where, String name, ServiceConfig svc) {
        if (svc == null || svc.knowsEnv(name)) {
            return;
        }
        findings.add(where, "environment variable " + name + " sets no configuration key of " + svc.name()
                + svc.suggest(name).map(s -> " (did you mean " + s + "?)").orElse("") + ".");
    }

    /** The workload must be reachable through a Service that selects its pods and targets the http port. */
    private void exposed(Manifest m, PodTemplateSpec template, ServiceConfig svc, List<Manifest> objects) {
        Map<String, String> podLabels = labels(template);
        int port = svc.httpPort();
        for (Manifest o : objects) {
            if (o.typed() instanceof Service s && s.getSpec() != null && s.getSpec().getSelector() != null
                    && !s.getSpec().getSelector().isEmpty()
                    && podLabels.entrySet().containsAll(s.getSpec().getSelector().entrySet())
                    && s.getSpec().getPorts() != null
                    && s.getSpec().getPorts().stream().anyMatch(p -> targets(p, port))) {
                return;
            }
        }
        findings.add(m.where(), "no Service selects these pods on the http port (" + port + ").");
    }

    private static boolean targets(ServicePort p, int port) {
        return p.getTargetPort() == null ? Objects.equals(p.getPort(), port) : portMatches(p.getTargetPort(), port);
    }

    /** Whether a variable holds a secret by its name (…_SECRET_KEY, …_PASSWORD, …_SHA256 of a key, …). */
    public static boolean secretLike(String name) {
        return SECRET_SUFFIXES.stream().anyMatch(name::endsWith);
    }

    /** A key of the Secret Strimzi's User Operator writes for a SCRAM KafkaUser of this render. */
    private static boolean kafkaUserSecret(List<Manifest> objects, String name, String key) {
        return CredentialChecks.SCRAM_SECRET_KEYS.contains(key) && objects.stream()
                .anyMatch(o -> "KafkaUser".equals(o.kind()) && name.equals(o.name()));
    }

    static ConfigMap configMap(List<Manifest> objects, String name) {
        return objects.stream().map(o -> o.as(ConfigMap.class)).filter(Objects::nonNull)
                .filter(cm -> name.equals(cm.getMetadata().getName())).findFirst().orElse(null);
    }

    private static Map<String, String> labels(PodTemplateSpec t) {
        return t.getMetadata() == null || t.getMetadata().getLabels() == null ? Map.of() : t.getMetadata().getLabels();
    }

    private static boolean portMatches(IntOrString p, int port) {
        return p != null && ("http".equals(p.getStrVal()) || Objects.equals(p.getIntVal(), port));
    }

    private static String describe(IntOrString p) {
        return p == null ? "unset" : p.getStrVal() != null ? p.getStrVal() : String.valueOf(p.getIntVal());
    }

    private static String describePorts(List<ContainerPort> ports) {
        return ports == null || ports.isEmpty() ? "none" : ports.stream()
                .map(p -> p.getName() + "=" + p.getContainerPort()).toList().toString();
    }
}
