package io.streamtune.deploy.k8s;

import io.streamtune.deploy.Findings;
import io.streamtune.deploy.Images;
import io.streamtune.deploy.YamlFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A kustomization folder checked without kustomize: only current fields, every resource, component and patch file
 * exists and parses strictly, every patch targets an object the kustomization (or, in a Component, the one that
 * lists it) has, every image override names an image in use. {@link #resources()} are the objects before patches
 * (what a render starts from).
 */
public final class Kustomization {

    static final String FILE = "kustomization.yaml";

    /** Fields of kustomize v5 this project may use. */
    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "metadata", "namespace", "namePrefix",
            "nameSuffix", "labels", "commonAnnotations", "resources", "components", "patches", "images", "replicas",
            "configMapGenerator", "generatorOptions", "buildMetadata", "sortOptions");

    /** Deprecated fields and what replaces them (kustomize v5 warns or fails; kubectl 1.20 lacks the replacements). */
    private static final Map<String, String> DEPRECATED = Map.of(
            "commonLabels", "labels (with includeSelectors)",
            "bases", "resources",
            "patchesStrategicMerge", "patches",
            "patchesJson6902", "patches (with target)",
            "vars", "replacements, or plain values",
            "imageTags", "images");

    private final Path dir;
    private final List<Manifest> resources = new ArrayList<>();
    private final List<Manifest> patches = new ArrayList<>();

    private Kustomization(Path dir) {
        this.dir = dir;
    }

    /** Reads the kustomization in {@code dir} and everything it refers to, adding every problem to findings. */
    public static Kustomization read(Path dir, Path root, Findings findings) {
        Kustomization k = new Kustomization(dir);
        k.load(dir, root, findings, new LinkedHashSet<>(), null);
        return k;
    }

    public List<Manifest> resources() {
        return List.copyOf(resources);
    }

    public List<Manifest> patches() {
        return List.copyOf(patches);
    }

    public Path dir() {
        return dir;
    }

    /**
     * @param inherited for a Component, the objects of the kustomization that lists it (its patches and images may
     *     target them); null for a Kustomization
     */
    private void load(Path folder, Path root, Findings findings, Set<Path> seen, List<Manifest> inherited) {
        Path file = folder.resolve(FILE);
        String where = root.relativize(file).toString();
        if (!Files.isRegularFile(file)) {
            findings.add(root.relativize(folder).toString(), "has no " + FILE + ".");
            return;
        }
        if (!seen.add(folder.normalize())) {
            findings.add(where, "is included twice (a cycle, or the same base reached by two paths).");
            return;
        }
        Map<String, Object> k;
        try {
            k = YamlFiles.map(YamlFiles.load(file), where);
        } catch (RuntimeException e) {
            findings.add(where, "not valid: " + e.getMessage());
            return;
        }
        for (String field : k.keySet()) {
            if (DEPRECATED.containsKey(field)) {
                findings.add(where, "uses the deprecated field " + field + "; use " + DEPRECATED.get(field) + ".");
            } else if (!FIELDS.contains(field)) {
                findings.add(where, "unknown or unsupported field " + field + ".");
            }
        }
        boolean component = inherited != null;
        if (!component && !"Kustomization".equals(k.get("kind"))) {
            findings.add(where, "kind must be Kustomization (kustomize.config.k8s.io/v1beta1).");
        } else if (component && !("Component".equals(k.get("kind"))
                && "kustomize.config.k8s.io/v1alpha1".equals(k.get("apiVersion")))) {
            findings.add(where, "is listed under components, so it must be kind Component "
                    + "(kustomize.config.k8s.io/v1alpha1).");
        }
        int before = resources.size();
        for (Object r : list(k, "resources", where, findings)) {
            resource(folder, String.valueOf(r), root, where, findings, seen);
        }
        List<Manifest> own = new ArrayList<>(component ? inherited : List.of());
        own.addAll(resources.subList(before, resources.size()));
        for (Object c : list(k, "components", where, findings)) {
            Path dir = folder.resolve(String.valueOf(c)).normalize();
            if (!Files.isDirectory(dir)) {
                findings.add(where, "component " + c + " does not exist.");
                continue;
            }
            int at = resources.size();
            load(dir, root, findings, seen, List.copyOf(own));
            own.addAll(resources.subList(at, resources.size()));
        }
        for (Object p : list(k, "patches", where, findings)) {
            patch(folder, p, own, root, where, findings);
        }
        for (Object i : list(k, "images", where, findings)) {
            image(i, own, where, findings);
        }
    }

    private void resource(Path folder, String ref, Path root, String where, Findings findings, Set<Path> seen) {
        if (ref.contains("://") || ref.startsWith("github.com/")) {
            findings.add(where, "remote resource " + ref + ": every resource must be in the repository, so a render "
                    + "is reproducible offline.");
            return;
        }
        Path p = folder.resolve(ref).normalize();
        if (Files.isDirectory(p)) {
            load(p, root, findings, seen, null);
        } else if (Files.isRegularFile(p)) {
            resources.addAll(ManifestReader.read(YamlFiles.read(p), root.relativize(p).toString(), findings));
        } else {
            findings.add(where, "resource " + ref + " does not exist.");
        }
    }

    private void patch(Path folder, Object entry, List<Manifest> targets, Path root, String where, Findings findings) {
        if (!(entry instanceof Map<?, ?> p) || !(p.get("path") instanceof String path)) {
            findings.add(where, "every patch must be `- path: <file>` (a strategic-merge patch file), got " + entry
                    + ".");
            return;
        }
        Path file = folder.resolve(path).normalize();
        if (!Files.isRegularFile(file)) {
            findings.add(where, "patch " + path + " does not exist.");
            return;
        }
        for (Manifest m : ManifestReader.read(YamlFiles.read(file), root.relativize(file).toString(), findings)) {
            patches.add(m);
            boolean found = targets.stream().anyMatch(t -> t.kind().equals(m.kind()) && t.name().equals(m.name()));
            if (!found) {
                findings.add(where, "patch " + path + " targets " + m.kind() + " " + m.name()
                        + ", which none of the kustomization's resources is.");
            }
        }
    }

    private void image(Object entry, List<Manifest> in, String where, Findings findings) {
        if (!(entry instanceof Map<?, ?> i) || !(i.get("name") instanceof String name)) {
            findings.add(where, "every images entry needs a name, got " + entry + ".");
            return;
        }
        boolean used = in.stream().flatMap(m -> Workloads.containers(m).stream())
                .anyMatch(c -> Images.repository(c.getImage()).equals(name));
        if (!used) {
            findings.add(where, "images entry " + name + " matches no container image of the kustomization.");
        }
    }

    private static List<Object> list(Map<String, Object> k, String field, String where, Findings findings) {
        Object v = k.get(field);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        findings.add(where, field + " must be a list.");
        return List.of();
    }
}
