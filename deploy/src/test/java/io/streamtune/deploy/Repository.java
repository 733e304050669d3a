package io.streamtune.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository under test: {@code streamtune.root} from the build, or the folder above the module. */
public final class Repository {

    private static Project project;

    private Repository() {
    }

    public static Path root() {
        String prop = System.getProperty("streamtune.root");
        Path root = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath().getParent();
        if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("k8s"))) {
            throw new IllegalStateException(root + " is not the Streamtune repository root.");
        }
        return root.toAbsolutePath().normalize();
    }

    /** Loaded once: parsing the four services' sources is the slowest part. */
    public static synchronized Project project() {
        if (project == null) {
            project = Project.load(root());
        }
        return project;
    }
}
