package io.streamtune.deploy.docker;

import io.streamtune.deploy.Findings;
import io.streamtune.deploy.Images;
import io.streamtune.deploy.Project;
import io.streamtune.deploy.YamlFiles;
import io.streamtune.deploy.config.ServiceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks {@code src/main/docker/Dockerfile.jvm} (and {@code Dockerfile.gpu} where present) of every service: pinned
 * base images, the four layers of the Quarkus fast-jar layout (and, once packaged, that they exist), a numeric
 * non-root user, the exposed port and a health check on the service's own port and health path, environment names
 * the service or its runtime reads, the DJL flags for a service that runs DJL, and for a GPU image the libtorch that
 * matches the project's PyTorch version and the CUDA base.
 */
public final class DockerfileChecks {

    static final String JVM = "src/main/docker/Dockerfile.jvm";
    static final String GPU = "src/main/docker/Dockerfile.gpu";
    /** What {@code ./mvnw package} leaves in target/quarkus-app/ and an image must copy. */
    static final Set<String> QUARKUS_LAYOUT = Set.of("target/quarkus-app/lib/", "target/quarkus-app/*.jar",
            "target/quarkus-app/app/", "target/quarkus-app/quarkus/");
    private static final Pattern CUDA_TAG = Pattern.compile("nvidia/cuda:(\\d+)\\.(\\d+)");

    private final Project project;
    private final Findings findings;

    public DockerfileChecks(Project project, Findings findings) {
        this.project = project;
        this.findings = findings;
    }

    public void checkAll() {
        for (ServiceConfig svc : project.services().values()) {
            Path jvm = svc.dir().resolve(JVM);
            if (!Files.isRegularFile(jvm)) {
                findings.add(project.root().relativize(jvm).toString(), "is missing.");
            } else {
                check(svc, jvm, false);
            }
            Path gpu = svc.dir().resolve(GPU);
            if (Files.isRegularFile(gpu)) {
                check(svc, gpu, true);
            }
        }
    }

    void check(ServiceConfig svc, Path file, boolean gpu) {
        String where = project.root().relativize(file.toAbsolutePath().normalize()).toString();
        Dockerfile d = Dockerfile.read(file);
        if (d.stages().isEmpty()) {
            findings.add(where, "has no FROM.");
            return;
        }
        Set<String> stageNames = new TreeSet<>();
        for (Dockerfile.Stage s : d.stages()) {
            if (!stageNames.contains(s.image())) {
                if (s.image().contains("$")) {
                    findings.add(where, "FROM " + s.image() + ": name the base image literally, so it is pinned here.");
                } else {
                    Images.unpinned(s.image()).ifPresent(p -> findings.add(where, p));
                }
            }
            if (s.name() != null) {
                stageNames.add(s.name());
            }
        }
        Dockerfile.Stage last = d.last();
        user(where, last);
        int port = svc.httpPort();
        if (last.all("EXPOSE").stream().noneMatch(e -> List.of(e.split("\\s+")).contains(String.valueOf(port)))) {
            findings.add(where, "EXPOSE " + port + " (quarkus.http.port of " + svc.name() + ") is missing.");
        }
        healthcheck(where, last, svc, port);
        layout(where, last, svc);
        ignoreFile(where, file);
        String entry = String.join(" ", last.all("ENTRYPOINT")) + String.join(" ", last.all("CMD"));
        if (!entry.contains("quarkus-run.jar")) {
            findings.add(where, "ENTRYPOINT must run quarkus-run.jar.");
        }
        Map<String, String> env = last.env();
        for (String name : env.keySet()) {
            if (!svc.knowsEnv(name)) {
                findings.add(where, "ENV " + name + " sets no configuration key of " + svc.name()
                        + " and nothing its runtime reads.");
            }
        }
        if (svc.usesDjl()) {
            djl(where, last, env);
        }
        if (gpu) {
            gpu(where, d, env);
        }
    }

    private void user(String where, Dockerfile.Stage last) {
        List<String> users = last.all("USER");
        if (users.isEmpty()) {
            findings.add(where, "the final stage needs a USER (numeric, not root), or the service runs as root.");
            return;
        }
        String user = users.get(users.size() - 1).split(":")[0].trim();
        if (!user.matches("\\d+") || user.equals("0")) {
            findings.add(where, "USER " + user + ": use a numeric non-root uid, so Kubernetes' runAsNonRoot can "
                    + "verify it.");
        }
    }

    private void healthcheck(String where, Dockerfile.Stage last, ServiceConfig svc, int port) {
        List<String> checks = last.all("HEALTHCHECK");
        if (checks.isEmpty()) {
            findings.add(where, "HEALTHCHECK is missing.");
            return;
        }
        String hc = checks.get(checks.size() - 1);
        boolean path = List.of("live", "ready", "started").stream().anyMatch(k -> hc.contains(svc.healthPath(k)));
        if (!path || !hc.contains(String.valueOf(port))) {
            findings.add(where, "HEALTHCHECK must call " + svc.healthPath("ready") + " (or live) on port " + port
                    + ": " + hc);
        }
    }

    private void layout(String where, Dockerfile.Stage last, ServiceConfig svc) {
        Set<String> copied = new TreeSet<>();
        for (String copy : last.all("COPY")) {
            String[] parts = copy.split("\\s+");
            for (int i = 0; i < parts.length - 1; i++) {
                if (parts[i].startsWith("target/")) {
                    copied.add(parts[i]);
                }
            }
        }
        Set<String> expected = new TreeSet<>(QUARKUS_LAYOUT);
        if (!copied.containsAll(expected)) {
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(copied);
            findings.add(where, "must copy the Quarkus layout " + expected + "; missing " + missing + ".");
        }
        Path app = svc.dir().resolve("target/quarkus-app");
        for (String src : copied) {
            if (!expected.contains(src)) {
                findings.add(where, "copies " + src + ", which is not part of the Quarkus layout " + expected + ".");
            } else if (Files.isDirectory(app) && !exists(svc.dir(), src)) {
                findings.add(where, "copies " + src + ", which ./mvnw package did not produce in " + svc.name() + ".");
            }
        }
    }

    /** BuildKit reads {@code <Dockerfile>.dockerignore} beside the Dockerfile: only target/quarkus-app is sent. */
    private void ignoreFile(String where, Path dockerfile) {
        Path ignore = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
        if (!Files.isRegularFile(ignore)) {
            findings.add(where, "needs " + ignore.getFileName() + " beside it (`*` then `!target/quarkus-app/*`), or "
                    + "the whole module folder is sent as build context.");
            return;
        }
        List<String> lines = List.of(YamlFiles.read(ignore).split("\\r?\\n"));
        if (lines.contains("*") && lines.stream().noneMatch(l -> l.strip().startsWith("!target/quarkus-app"))) {
            findings.add(where, ignore.getFileName() + " excludes everything, target/quarkus-app/ included.");
        }
    }

    private void djl(String where, Dockerfile.Stage last, Map<String, String> env) {
        String opts = env.getOrDefault("JDK_JAVA_OPTIONS", "");
        for (String flag : List.of("-XX:MaxDirectMemorySize=256m", "-Dai.djl.offline=true")) {
            if (!opts.contains(flag)) {
                findings.add(where, "JDK_JAVA_OPTIONS must contain " + flag + " (DJL).");
            }
        }
        if (!"PASSIVE".equals(env.get("OMP_WAIT_POLICY"))) {
            findings.add(where, "ENV OMP_WAIT_POLICY=PASSIVE is missing (OpenMP threads spin otherwise).");
        }
        String cache = env.get("DJL_CACHE_DIR");
        if (cache == null) {
            findings.add(where, "ENV DJL_CACHE_DIR is missing: DJL would unpack natives into the home folder.");
        } else if (last.all("RUN").stream().noneMatch(r -> r.contains("chown") && r.contains(cache))) {
            findings.add(where, "DJL_CACHE_DIR " + cache + " must be created and chowned to the non-root user.");
        }
    }

    private void gpu(String where, Dockerfile d, Map<String, String> env) {
        String version = env.get("PYTORCH_VERSION");
        String flavor = env.getOrDefault("PYTORCH_FLAVOR", "");
        String lib = env.get("PYTORCH_LIBRARY_PATH");
        if (!Objects.equals(version, project.pytorchVersion())) {
            findings.add(where, "PYTORCH_VERSION is " + version + ", the project's PyTorch natives are "
                    + project.pytorchVersion() + " (pytorch.native.version): DJL's JNI is built for that one.");
        }
        if (!flavor.matches("cu\\d{3,}")) {
            findings.add(where, "PYTORCH_FLAVOR must name a CUDA build (e.g. cu128), is '" + flavor + "'.");
        }
        if (lib == null) {
            findings.add(where, "PYTORCH_LIBRARY_PATH must point DJL at the image's libtorch.");
        }
        String encoded = version + "%2B" + flavor;
        boolean named = d.text().contains(encoded) || d.text().contains(version + "+" + flavor);
        if (!d.text().contains("libtorch") || !named) {
            findings.add(where, "the libtorch it installs must be " + version + "+" + flavor + ".");
        }
        Matcher m = CUDA_TAG.matcher(d.last().image());
        if (!m.find()) {
            findings.add(where, "the final stage must start from an nvidia/cuda image, is " + d.last().image() + ".");
        } else if (!flavor.equals("cu" + m.group(1) + m.group(2))) {
            findings.add(where, "the CUDA base " + d.last().image() + " does not match PYTORCH_FLAVOR " + flavor + ".");
        }
        if (lib != null && d.last().all("COPY").stream().noneMatch(c -> c.contains("--from=") && lib.startsWith(
                c.split("\\s+")[c.split("\\s+").length - 1]))) {
            findings.add(where, "no COPY --from=<stage> puts libtorch at " + lib + ".");
        }
    }

    private static boolean exists(Path module, String glob) {
        Path target = module.resolve(glob.endsWith("/") ? glob.substring(0, glob.length() - 1) : glob);
        if (!glob.contains("*")) {
            return Files.exists(target);
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + module.resolve(glob));
        try (Stream<Path> s = Files.list(target.getParent())) {
            return s.anyMatch(matcher::matches);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
