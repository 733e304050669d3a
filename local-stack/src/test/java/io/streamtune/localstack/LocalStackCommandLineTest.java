package io.streamtune.localstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LocalStackCommandLineTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void defaultsAreTheUsualPortsUnderDotLocalStack() {
        LocalStackCli cli = parse("start");
        assertEquals(LocalStackCli.Action.start, cli.action);
        assertEquals(Path.of(".local-stack"), cli.dir);
        assertArrayEquals(new int[] {9092, 9093, 9000}, new int[] {cli.kafkaPort, cli.kafkaControllerPort, cli.s3Port});
    }

    @Test
    void optionsTakeTheirValueAfterASpaceOrAnEqualsSign() {
        LocalStackCli cli = parse("--dir", "/tmp/x", "status", "--kafka-port=19092", "--s3-port", "19000",
                "--kafka-controller-port=19093");
        assertEquals(LocalStackCli.Action.status, cli.action);
        assertEquals(Path.of("/tmp/x"), cli.dir);
        assertArrayEquals(new int[] {19092, 19093, 19000},
                new int[] {cli.kafkaPort, cli.kafkaControllerPort, cli.s3Port});
    }

    @Test
    void mistakesAreNamedAndAnsweredWithTheUsage() {
        assertError("Missing required parameter: 'start|stop|status'");
        assertError("Invalid value for positional parameter at index 0 (start|stop|status): expected one of", "restart");
        assertError("Unmatched argument at index 1: 'stop'", "start", "stop");
        assertError("Unknown options: '--port', '1'", "start", "--port", "1");
        assertError("Missing required parameter for option '--s3-port' (PORT)", "start", "--s3-port");
        assertError("Invalid value for option '--kafka-port': must be a port number between 1 and 65535, was 'x'.",
                "start", "--kafka-port", "x");
        assertError("Invalid value for option '--kafka-port': must be between 1 and 65535, was 70000.", "start",
                "--kafka-port", "70000");
    }

    @Test
    void helpWinsOverEverythingElse() {
        assertEquals(LocalStackCli.OK, run("start", "--help"));
        String usage = out.toString(StandardCharsets.UTF_8);
        assertTrue(usage.contains("Usage: bin/local-stack") && usage.contains("--kafka-port")
                && usage.contains("default 9092"), usage);
        assertEquals(LocalStackCli.OK, run("-h"));
    }

    private LocalStackCli parse(String... args) {
        CommandLine cl = LocalStackCli.commandLine(new PrintStream(out), new PrintStream(err));
        cl.parseArgs(args);
        return cl.getCommand();
    }

    private int run(String... args) {
        return LocalStackCli.run(args, new PrintStream(out, true), new PrintStream(err, true));
    }

    private void assertError(String expected, String... args) {
        err.reset();
        assertEquals(LocalStackCli.USAGE_ERROR, run(args));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains(expected) && message.contains("Usage: bin/local-stack"), message);
    }
}
