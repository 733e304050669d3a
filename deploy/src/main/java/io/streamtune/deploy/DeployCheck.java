package io.streamtune.deploy;

import io.streamtune.deploy.compose.ComposeChecks;
import io.streamtune.deploy.docker.DockerfileChecks;
import io.streamtune.deploy.k8s.CredentialChecks;
import io.streamtune.deploy.k8s.Kustomization;
import io.streamtune.deploy.k8s.Kustomize;
import io.streamtune.deploy.k8s.Manifest;
import io.streamtune.deploy.k8s.ManifestReader;
import io.streamtune.deploy.k8s.NetworkPolicyChecks;
import io.streamtune.deploy.k8s.OverlayChecks;
import io.streamtune.deploy.k8s.SecretDocs;
import io.streamtune.deploy.k8s.WorkloadChecks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every check of the repository's deployment files, one method per kind of file, each returning what it found.
 * Layout: {@code k8s/base}, {@code k8s/overlays/<name>}, {@code k8s/components/<name>}, {@code k8s/README.md} (the Secrets to create),
 * {@code docker-compose.yml}, {@code .env.example}, each service's {@code src/main/docker/}.
 */
public final class DeployCheck {

    /** The overlays and what each promises beyond the base ({@code -gpu}: with {@code components/gpu}). */
    public static final List<String> OVERLAYS = List.of("local", "strimzi", "local-gpu", "strimzi-gpu");
    /** Components that are in no overlay but must compose with every one ({@code k8s/components/<name>}). */
    public static final List<String> COMPONENTS = List.of("monitoring");

    private final Project project;
    private final Map<String, Set<String>> secrets;

    public DeployCheck(Project project) {
        this.project = project;
        this.secrets = SecretDocs.read(project.root().resolve("k8s/README.md"));
    }

    public Project project() {
        return project;
    }

    /** Every YAML file under k8s/ (kustomization files aside) parses strictly into known kinds. */
    public Findings manifests() {
        Findings f = new Findings();
        for (Path file : yamlFiles(project.root().resolve("k8s"))) {
            if (!file.getFileName().toString().equals("kustomization.yaml")) {
                ManifestReader.read(YamlFiles.read(file), rel(file), f);
            }
        }
        return f;
    }

    /**
     * Without kustomize: the base and every overlay use only current fields and refer to files and objects that
     * exist; the base's objects pass the workload checks; every overlay patch sets only variables its service reads.
     */
    public Findings references() {
        Findings f = new Findings();
        Kustomization base = Kustomization.read(k8s("base"), project.root(), f);
        new WorkloadChecks(project, f, secrets).check(base.resources(), true);
        for (String overlay : OVERLAYS) {
            Kustomization k = Kustomization.read(k8s("overlays/" + overlay), project.root(), f);
            WorkloadChecks checks = new WorkloadChecks(project, f, secrets);
            k.patches().forEach(p -> checks.checkPatch(p, k.resources()));
        }
        return f;
    }

    /** Renders {@code base} or an overlay with kustomize and checks the result as it would be applied. */
    public Findings render(Kustomize kustomize, String target) {
        return render(kustomize, target, List.of());
    }

    /**
     * Renders {@code base} or an overlay with the given components of {@code k8s/components} added (through a
     * kustomization in a temporary folder), and checks the result as it would be applied.
     */
    public Findings render(Kustomize kustomize, String target, List<String> components) {
        Findings f = new Findings();
        Path dir = target.equals("base") ? k8s("base") : k8s("overlays/" + target);
        String label = rel(dir) + (components.isEmpty() ? "" : " + components " + components);
        String yaml;
        Path tmp = null;
        try {
            if (components.isEmpty()) {
                yaml = kustomize.render(dir);
            } else {
                tmp = Files.createTempDirectory("streamtune-kustomize");
                Path from = tmp.toRealPath();
                StringBuilder k = new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\n"
                        + "kind: Kustomization\nresources:\n  - " + from.relativize(dir.toRealPath()) + "\n"
                        + "components:\n");
                for (String c : components) {
                    k.append("  - ").append(from.relativize(k8s("components/" + c).toRealPath())).append('\n');
                }
                Files.writeString(tmp.resolve("kustomization.yaml"), k);
                yaml = kustomize.render(tmp);
            }
        } catch (IllegalStateException | IOException e) {
            f.add(label, e.getMessage());
            return f;
        } finally {
            delete(tmp);
        }
        List<Manifest> objects = ManifestReader.read(yaml, "render of " + label, f);
        new WorkloadChecks(project, f, secrets).check(objects, true);
        OverlayChecks overlays = new OverlayChecks(project, f);
        NetworkPolicyChecks policies = new NetworkPolicyChecks(project, f);
        CredentialChecks credentials = new CredentialChecks(project, f);
        policies.check(target, objects);
        policies.backends(target, objects);
        credentials.s3(target, objects);
        String base = target.endsWith("-gpu") ? target.substring(0, target.length() - "-gpu".length()) : target;
        switch (base) {
            case "local" -> overlays.local(target, objects);
            case "strimzi" -> {
                overlays.strimzi(target, objects);
                credentials.kafka(target, objects);
            }
            default -> { }
        }
        if (target.endsWith("-gpu")) {
            overlays.gpu(target, objects);
        }
        if (components.contains("monitoring")) {
            overlays.monitoring(target, objects);
        }
        return f;
    }

    public Findings compose() {
        Findings f = new Findings();
        new ComposeChecks(project, f).check(project.root().resolve("docker-compose.yml"),
                project.root().resolve(".env.example"), project.root().resolve(".gitignore"));
        return f;
    }

    public Findings dockerfiles() {
        Findings f = new Findings();
        new DockerfileChecks(project, f).checkAll();
        return f;
    }

    /** Kustomize on this machine, if a v4+ one is there. */
    public static Optional<Kustomize> kustomize() {
        return Kustomize.find();
    }

    private Path k8s(String sub) {
        return project.root().resolve("k8s").resolve(sub);
    }

    private String rel(Path p) {
        return project.root().relativize(p.toAbsolutePath().normalize()).toString();
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> yamlFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
