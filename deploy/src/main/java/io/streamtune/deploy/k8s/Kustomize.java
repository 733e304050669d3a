package io.streamtune.deploy.k8s;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a kustomization with the kustomize on this machine: {@code kustomize build} or {@code kubectl kustomize}
 * when its kustomize is v4 or newer (older ones, e.g. Debian's kubectl 1.20, reject {@code patches} and
 * {@code labels}). Absent, the caller falls back to {@link Kustomization}'s reference checks.
 */
public final class Kustomize {

    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)");

    private final List<String> command;
    private final String version;

    private Kustomize(List<String> command, String version) {
        this.command = command;
        this.version = version;
    }

    /** A kustomize v4+ on PATH, if any. */
    public static Optional<Kustomize> find() {
        Optional<Path> kustomize = onPath("kustomize");
        if (kustomize.isPresent()) {
            Optional<String> v = version(List.of(kustomize.get().toString(), "version"));
            if (v.isPresent() && major(v.get()) >= 4) {
                return Optional.of(new Kustomize(List.of(kustomize.get().toString(), "build"), v.get()));
            }
        }
        Optional<Path> kubectl = onPath("kubectl");
        if (kubectl.isPresent()) {
            Optional<String> v = version(List.of(kubectl.get().toString(), "version", "--client"))
                    .or(() -> version(List.of(kubectl.get().toString(), "version", "--client", "--short")));
            if (v.isPresent() && major(v.get()) >= 4) {
                return Optional.of(new Kustomize(List.of(kubectl.get().toString(), "kustomize"), v.get()));
            }
        }
        return Optional.empty();
    }

    public String describe() {
        return String.join(" ", command) + " (kustomize " + version + ")";
    }

    /** The rendered YAML of the kustomization in {@code dir}. */
    public String render(Path dir) {
        List<String> cmd = new ArrayList<>(command);
        cmd.add(dir.toString());
        Run r = run(cmd, 120);
        if (r.exit != 0) {
            throw new IllegalStateException(describe() + " " + dir + " failed (exit " + r.exit + "): " + r.err.strip());
        }
        return r.out;
    }

    private static Optional<String> version(List<String> cmd) {
        try {
            Run r = run(cmd, 30);
            String text = r.out + "\n" + r.err;
            // kubectl prints "Kustomize Version: v5.5.0"; kustomize prints "v5.5.0" or "{Version:kustomize/v5.5.0 ...}"
            int i = text.indexOf("Kustomize Version:");
            String scope = i >= 0 ? text.substring(i) : cmd.get(0).endsWith("kustomize") ? text : "";
            Matcher m = VERSION.matcher(scope);
            return r.exit == 0 && m.find() ? Optional.of(m.group()) : Optional.empty();
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static int major(String v) {
        Matcher m = VERSION.matcher(v);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(List<String> cmd, int timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(cmd).start();
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s.");
            }
            return new Run(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", cmd), e);
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
