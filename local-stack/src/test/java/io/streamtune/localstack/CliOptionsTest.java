package io.streamtune.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CliOptionsTest {

    @Test
    void defaultsAreTheUsualPortsUnderDotLocalStack() {
        CliOptions options = CliOptions.parse("start");

        assertEquals(new CliOptions("start", Path.of(".local-stack"), 9092, 9093, 9000, false), options);
    }

    @Test
    void optionsTakeTheirValueAfterASpaceOrAnEqualsSign() {
        CliOptions options = CliOptions.parse("--dir", "/tmp/x", "status", "--kafka-port=19092", "--s3-port", "19000",
                "--kafka-controller-port=19093");

        assertEquals(new CliOptions("status", Path.of("/tmp/x"), 19092, 19093, 19000, false), options);
    }

    @Test
    void mistakesAreNamedInTheMessage() {
        assertMessage("Give a command: start, stop or status.");
        assertMessage("Unexpected argument 'restart'", "restart");
        assertMessage("Unexpected argument 'stop'", "start", "stop");
        assertMessage("Unknown option --port.", "start", "--port", "1");
        assertMessage("--s3-port needs a value.", "start", "--s3-port");
        assertMessage("--kafka-port must be a port number between 1 and 65535, was 'x'.", "start", "--kafka-port", "x");
        assertMessage("--kafka-port must be between 1 and 65535, was 70000.", "start", "--kafka-port", "70000");
    }

    @Test
    void helpWinsOverEverythingElse() {
        assertTrue(CliOptions.parse("start", "--help").help());
        assertEquals(LocalStackCli.OK, LocalStackCli.run(new String[] {"-h"}, System.out, System.err));
        assertEquals(LocalStackCli.USAGE_ERROR, LocalStackCli.run(new String[] {"go"}, System.out, System.err));
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CliOptions.parse(args));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
