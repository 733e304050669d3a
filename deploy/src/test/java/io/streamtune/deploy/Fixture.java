package io.streamtune.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The tiny repository under src/test/resources/fixtures/mini, copied so that a test may change it. */
public final class Fixture {

    private Fixture() {
    }

    public static Path copyTo(Path dir) {
        try {
            Path src = Path.of(Fixture.class.getResource("/fixtures/mini/pom.xml").toURI()).getParent();
            try (Stream<Path> files = Files.walk(src)) {
                for (Path p : files.toList()) {
                    Path to = dir.resolve(src.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to);
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces text in a file of the copy, failing if the text is not there. */
    public static void edit(Path file, String from, String to) {
        try {
            String text = Files.readString(file);
            if (!text.contains(from)) {
                throw new IllegalArgumentException(file + " does not contain " + from);
            }
            Files.writeString(file, text.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
