package io.streamtune.deploy.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.streamtune.deploy.Findings;
import io.streamtune.deploy.Project;
import io.streamtune.deploy.config.ServiceConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The namespace denies ingress by default; every service's http port is let in by some policy; a backend (Kafka,
 * MinIO) of the render is let in only from pods that are named, and from each service that uses it.
 */
public final class NetworkPolicyChecks {

    /** The Job that creates MinIO's per-service users (k8s/infra/minio). */
    static final String MINIO_USERS = "minio-users";

    private final Project project;
    private final Findings findings;

    public NetworkPolicyChecks(Project project, Findings findings) {
        this.project = project;
        this.findings = findings;
    }

    /** A pod template and the labels its pods carry. */
    record Pods(Manifest owner, PodTemplateSpec template, Map<String, String> labels) {

        int port(String name) {
            for (Container c : template.getSpec().getContainers()) {
                for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                    if (name.equals(p.getName())) {
                        return p.getContainerPort();
                    }
                }
            }
            return -1;
        }
    }

    /** Every check on a render: default deny, each service's http port reachable. */
    public void check(String overlay, List<Manifest> objects) {
        List<Manifest> policies = policies(objects);
        boolean deny = policies.stream().anyMatch(p -> Raw.empty(Raw.at(p, "spec", "podSelector"))
                && Raw.list(Raw.at(p, "spec", "policyTypes")).contains("Ingress")
                && Raw.list(Raw.at(p, "spec", "ingress")).isEmpty());
        if (!deny) {
            findings.add(overlay, "no default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress], no "
                    + "ingress rules): every pod is open to every other.");
        }
        for (Manifest m : objects) {
            for (Container c : Workloads.containers(m)) {
                Optional<ServiceConfig> svc = project.serviceOfImage(c.getImage());
                if (svc.isEmpty()) {
                    continue;
                }
                Pods pods = pods(m);
                int port = svc.get().httpPort();
                boolean reached = policies.stream().anyMatch(p -> selects(p, pods)
                        && rules(p).stream().anyMatch(r -> coversPort(r, pods, port)));
                if (!reached) {
                    findings.add(overlay + ": " + m.where(), "no NetworkPolicy lets anything reach "
                            + svc.get().name() + "'s http port " + port + ".");
                }
            }
        }
    }

    /**
     * The in-cluster Kafka (port kafka) only from the services; MinIO (port s3) only from the services with an S3
     * key and the Job that creates their users.
     */
    public void backends(String overlay, List<Manifest> objects) {
        List<Manifest> services = new ArrayList<>();
        List<Manifest> s3 = new ArrayList<>();
        for (Manifest m : objects) {
            List<Container> cs = Workloads.containers(m);
            if (cs.stream().anyMatch(c -> project.serviceOfImage(c.getImage()).isPresent())) {
                services.add(m);
                if (cs.stream().anyMatch(c -> c.getEnv() != null && c.getEnv().stream()
                        .anyMatch(e -> e.getName().endsWith("S3_ACCESS_KEY")))) {
                    s3.add(m);
                }
            } else if ("Job".equals(m.kind()) && MINIO_USERS.equals(m.name())) {
                s3.add(m);
            }
        }
        backend(overlay, objects, "kafka", "kafka", services);
        backend(overlay, objects, "minio", "s3", s3);
    }

    /**
     * The workload {@code backend} takes connections on its port {@code portName} only from named pods, and from
     * each of {@code clients}.
     */
    public void backend(String overlay, List<Manifest> objects, String backend, String portName,
            List<Manifest> clients) {
        Optional<Manifest> target = objects.stream().filter(o -> backend.equals(o.name())
                && Workloads.template(o) != null).findFirst();
        if (target.isEmpty()) {
            return;
        }
        Pods pods = pods(target.get());
        int port = pods.port(portName);
        List<Map<?, ?>> rules = new ArrayList<>();
        for (Manifest p : policies(objects)) {
            if (selects(p, pods)) {
                rules.addAll(rules(p).stream().filter(r -> coversPort(r, pods, port)).toList());
            }
        }
        for (Map<?, ?> r : rules) {
            boolean open = Raw.list(r.get("from")).isEmpty() || Raw.list(r.get("from")).stream()
                    .map(Raw::map).anyMatch(peer -> peer.containsKey("ipBlock") || peer.containsKey("namespaceSelector")
                            && Raw.empty(peer.get("namespaceSelector")) && Raw.empty(peer.get("podSelector")));
            if (open) {
                findings.add(overlay + ": " + target.get().where(), "a NetworkPolicy opens port " + portName
                        + " to every pod; name the clients.");
            }
        }
        for (Manifest client : clients) {
            Map<String, String> labels = pods(client).labels();
            boolean allowed = rules.stream().anyMatch(r -> Raw.list(r.get("from")).stream().map(Raw::map)
                    .anyMatch(peer -> peer.containsKey("podSelector") && !peer.containsKey("namespaceSelector")
                            && Raw.selects(peer.get("podSelector"), labels)));
            if (!allowed) {
                findings.add(overlay + ": " + target.get().where(), "no NetworkPolicy lets " + client.name()
                        + " reach port " + portName + ".");
            }
        }
    }

    static Pods pods(Manifest m) {
        PodTemplateSpec t = Workloads.template(m);
        Map<String, String> labels = t.getMetadata() == null || t.getMetadata().getLabels() == null ? Map.of()
                : t.getMetadata().getLabels();
        return new Pods(m, t, labels);
    }

    private static List<Manifest> policies(List<Manifest> objects) {
        return objects.stream().filter(o -> "NetworkPolicy".equals(o.kind())).toList();
    }

    private static boolean selects(Manifest policy, Pods pods) {
        return Raw.list(Raw.at(policy, "spec", "policyTypes")).contains("Ingress")
                && Raw.selects(Raw.at(policy, "spec", "podSelector"), pods.labels());
    }

    private static List<Map<?, ?>> rules(Manifest policy) {
        return Raw.list(Raw.at(policy, "spec", "ingress")).stream().<Map<?, ?>>map(Raw::map).toList();
    }

    /** A rule without ports covers every port; a port is a number or the name of a container port. */
    private static boolean coversPort(Map<?, ?> rule, Pods pods, int port) {
        List<?> ports = Raw.list(rule.get("ports"));
        return ports.isEmpty() || ports.stream().map(Raw::map).map(p -> p.get("port")).anyMatch(p ->
                Objects.equals(p, port) || p instanceof String name && pods.port(name) == port);
    }
}
