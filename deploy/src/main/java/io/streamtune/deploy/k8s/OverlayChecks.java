package io.streamtune.deploy.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.streamtune.contracts.Topics;
import io.streamtune.deploy.Findings;
import io.streamtune.deploy.Images;
import io.streamtune.deploy.Project;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What each overlay promises beyond the base: a GPU trainer, in-cluster Kafka and MinIO, Strimzi resources. */
public final class OverlayChecks {

    static final String GPU = "nvidia.com/gpu";

    private final Project project;
    private final Findings findings;

    public OverlayChecks(Project project, Findings findings) {
        this.project = project;
        this.findings = findings;
    }

    /** The trainer runs the GPU image with one GPU, tolerates the GPU taint and selects GPU nodes. */
    public void gpu(String overlay, List<Manifest> objects) {
        boolean any = false;
        for (Manifest m : objects) {
            for (Container c : Workloads.containers(m)) {
                if (!Images.repository(c.getImage()).endsWith(Project.GPU_SUFFIX)) {
                    continue;
                }
                any = true;
                String where = overlay + ": " + m.where();
                Map<String, Quantity> limits = c.getResources() == null || c.getResources().getLimits() == null
                        ? Map.of() : c.getResources().getLimits();
                if (!limits.containsKey(GPU) || !"1".equals(limits.get(GPU).toString())) {
                    findings.add(where, "the GPU trainer needs resources.limits." + GPU + ": 1.");
                }
                PodSpec pod = Workloads.template(m).getSpec();
                boolean tolerates = pod.getTolerations() != null && pod.getTolerations().stream()
                        .anyMatch(t -> GPU.equals(t.getKey()));
                if (!tolerates) {
                    findings.add(where, "the GPU trainer must tolerate the " + GPU + " taint of GPU nodes.");
                }
                if (pod.getNodeSelector() == null || pod.getNodeSelector().isEmpty()) {
                    findings.add(where, "the GPU trainer needs a nodeSelector for GPU nodes.");
                }
            }
        }
        if (!any) {
            findings.add(overlay, "no container runs a " + Project.GPU_SUFFIX + " image.");
        }
    }

    /** Kafka and MinIO run in the overlay, and the services' endpoints name them. */
    public void local(String overlay, List<Manifest> objects) {
        statefulSet(overlay, objects, "kafka").ifPresent(image -> {
            if (!Images.repository(image).equals("apache/kafka")) {
                findings.add(overlay, "the kafka StatefulSet runs " + image + ", expected apache/kafka.");
            }
        });
        statefulSet(overlay, objects, "minio").ifPresent(image -> {
            if (!image.equals(project.minioImage())) {
                findings.add(overlay, "the minio StatefulSet runs " + image + ", the parent pom's minio.image is "
                        + project.minioImage() + ".");
            }
        });
        endpoints(overlay, objects);
    }

    /** The Strimzi Kafka, its KRaft node pool, and a KafkaTopic for every fixed topic; the services use it. */
    public void strimzi(String overlay, List<Manifest> objects) {
        List<Manifest> kafkas = kind(objects, "Kafka");
        if (kafkas.size() != 1) {
            findings.add(overlay, "needs exactly one Strimzi Kafka, has " + kafkas.size() + ".");
            return;
        }
        String cluster = kafkas.get(0).name();
        List<Manifest> pools = kind(objects, "KafkaNodePool").stream()
                .filter(p -> cluster.equals(label(p, "strimzi.io/cluster"))).toList();
        boolean controller = pools.stream().anyMatch(p -> roles(p).contains("controller"));
        boolean broker = pools.stream().anyMatch(p -> roles(p).contains("broker"));
        if (!controller || !broker) {
            findings.add(overlay, "Kafka " + cluster + " needs KafkaNodePools (label strimzi.io/cluster=" + cluster
                    + ") with the controller and broker roles (KRaft).");
        }
        for (String topic : List.of(Topics.MODELS, Topics.CHECKPOINTS, Topics.EVALUATIONS, Topics.PROMOTIONS,
                Topics.DLQ)) {
            Optional<Manifest> t = kind(objects, "KafkaTopic").stream().filter(k -> topic.equals(topicName(k)))
                    .findFirst();
            if (t.isEmpty()) {
                findings.add(overlay, "no KafkaTopic for " + topic + ".");
                continue;
            }
            if (!cluster.equals(label(t.get(), "strimzi.io/cluster"))) {
                findings.add(t.get().where(), "needs label strimzi.io/cluster=" + cluster + ".");
            }
            Object policy = config(t.get()).get("cleanup.policy");
            if (topic.equals(Topics.MODELS) && !"compact".equals(String.valueOf(policy))) {
                findings.add(t.get().where(), Topics.MODELS + " is compacted (cleanup.policy: compact): it keeps the "
                        + "latest spec of every model forever.");
            }
        }
        endpoints(overlay, objects);
    }

    /** A ServiceMonitor scrapes each service's metrics path on its http port, through a Service of its pods. */
    public void monitoring(String overlay, List<Manifest> objects) {
        List<Manifest> monitors = objects.stream().filter(o -> "ServiceMonitor".equals(o.kind())).toList();
        for (Manifest m : objects) {
            for (Container c : Workloads.containers(m)) {
                project.serviceOfImage(c.getImage()).ifPresent(svc -> {
                    String path = svc.healthPath("live").replaceFirst("/[^/]+/live$", "/metrics");
                    Map<String, String> pods = NetworkPolicyChecks.pods(m).labels();
                    boolean scraped = monitors.stream().anyMatch(sm -> objects.stream()
                            .filter(o -> o.typed() instanceof Service s && s.getSpec().getSelector() != null
                                    && pods.entrySet().containsAll(s.getSpec().getSelector().entrySet()))
                            .anyMatch(s -> Raw.selects(Raw.at(sm, "spec", "selector"), s.typed().getMetadata()
                                    .getLabels() == null ? Map.of() : s.typed().getMetadata().getLabels()))
                            && Raw.list(Raw.at(sm, "spec", "endpoints")).stream().map(Raw::map)
                            .anyMatch(e -> "http".equals(e.get("port")) && path.equals(e.get("path"))));
                    if (!scraped) {
                        findings.add(overlay + ": " + m.where(), "no ServiceMonitor scrapes " + path + " on the http "
                                + "port of a Service in front of " + svc.name() + ".");
                    }
                });
            }
        }
    }

    /** Every service's KAFKA_BOOTSTRAP_SERVERS and S3 endpoint name something this render deploys. */
    private void endpoints(String overlay, List<Manifest> objects) {
        for (Manifest m : objects) {
            if (!"ConfigMap".equals(m.kind()) || !(m.raw().get("data") instanceof Map<?, ?> data)) {
                continue;
            }
            Object kafka = data.get("KAFKA_BOOTSTRAP_SERVERS");
            if (kafka != null) {
                for (String server : String.valueOf(kafka).split(",")) {
                    String[] hp = server.trim().split(":");
                    if (hp.length != 2 || !reachable(objects, hp[0], Integer.parseInt(hp[1]))) {
                        findings.add(overlay + ": " + m.where(), "KAFKA_BOOTSTRAP_SERVERS names " + server.trim()
                                + ", which is neither a Service nor a Strimzi bootstrap of this overlay.");
                    }
                }
            }
            Object s3 = data.get("STREAMTUNE_S3_ENDPOINT");
            if (s3 != null) {
                URI uri = URI.create(String.valueOf(s3));
                int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
                if (!reachable(objects, uri.getHost(), port)) {
                    findings.add(overlay + ": " + m.where(), "STREAMTUNE_S3_ENDPOINT names " + s3
                            + ", which is not a Service of this overlay.");
                }
            }
        }
    }

    private static boolean reachable(List<Manifest> objects, String host, int port) {
        String name = host.split("\\.")[0];
        for (Manifest o : objects) {
            if (o.typed() instanceof Service s && name.equals(o.name()) && s.getSpec() != null
                    && s.getSpec().getPorts() != null
                    && s.getSpec().getPorts().stream().anyMatch(p -> Objects.equals(p.getPort(), port))) {
                return true;
            }
            if ("Kafka".equals(o.kind()) && name.equals(o.name() + "-kafka-bootstrap")
                    && listenerPorts(o).contains(port)) {
                return true;
            }
        }
        return false;
    }

    private Optional<String> statefulSet(String overlay, List<Manifest> objects, String name) {
        for (Manifest m : objects) {
            if (m.typed() instanceof StatefulSet && name.equals(m.name())) {
                return Workloads.containers(m).stream().map(Container::getImage).findFirst();
            }
        }
        findings.add(overlay, "has no StatefulSet named " + name + ".");
        return Optional.empty();
    }

    private static List<Manifest> kind(List<Manifest> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.kind()) && o.typed() == null).toList();
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }

    private static String label(Manifest m, String key) {
        Object v = map(map(m.raw().get("metadata")).get("labels")).get(key);
        return v == null ? null : String.valueOf(v);
    }

    private static List<?> roles(Manifest m) {
        return map(m.raw().get("spec")).get("roles") instanceof List<?> l ? l : List.of();
    }

    private static String topicName(Manifest m) {
        Object t = map(m.raw().get("spec")).get("topicName");
        return t == null ? m.name() : String.valueOf(t);
    }

    private static Map<?, ?> config(Manifest m) {
        return map(map(m.raw().get("spec")).get("config"));
    }

    private static List<Integer> listenerPorts(Manifest kafka) {
        Object listeners = map(map(kafka.raw().get("spec")).get("kafka")).get("listeners");
        if (!(listeners instanceof List<?> l)) {
            return List.of();
        }
        return l.stream().map(OverlayChecks::map).map(x -> x.get("port"))
                .filter(Integer.class::isInstance).map(Integer.class::cast).toList();
    }
}
