package io.streamtune.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** bin/demo's command line; nothing here starts the demo (every call fails or stops before it would). */
class DemoCommandLineTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void runIsTheDefaultAndQuickMeans400Emails() {
        Demo d = parse("--quick");
        assertThat(d.action).isEqualTo(Demo.Action.run);
        assertThat(d.emailLimit()).isEqualTo(Demo.QUICK_EMAILS);
        assertThat(parse("run", "--emails", "50", "--record").emailLimit()).isEqualTo(50);
        assertThat(parse().emailLimit()).isEqualTo(Integer.MAX_VALUE);
        assertThat(parse("STOP").action).isEqualTo(Demo.Action.stop);
    }

    @Test
    void mistakesAreUsageErrorsWithTheUsage() {
        assertError("--emails must be at least 1, was 0.", "--emails", "0");
        assertError("--quick and --emails: give one of them.", "--quick", "--emails", "5");
        assertError("Invalid value for option '--emails': 'ten' is not an int", "--emails", "ten");
        assertError("Unknown option: '--fast'", "--fast");
        assertError("expected one of [run, stop, status]", "restart");
    }

    @Test
    void helpPrintsTheUsage() {
        assertThat(Demo.run(new String[] {"--help"}, new PrintStream(out, true), new PrintStream(err, true)))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: bin/demo").contains("--quick")
                .contains("--record");
    }

    private Demo parse(String... args) {
        var cl = Demo.commandLine(new PrintStream(out), new PrintStream(err));
        cl.parseArgs(args);
        return cl.getCommand();
    }

    private void assertError(String expected, String... args) {
        err.reset();
        assertThat(Demo.run(args, new PrintStream(out, true), new PrintStream(err, true))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(expected).contains("Usage: bin/demo");
    }
}
