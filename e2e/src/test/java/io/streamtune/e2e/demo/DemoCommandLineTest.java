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

    @Test
    void rateStreamsAfterAWarmUpAndAutoMeasuresFirst() {
        assertThat(parse().pace()).isNull();
        Pace p = parse("--rate", "2.5").pace();
        assertThat(p.perSecond()).isEqualTo(2.5);
        assertThat(p.warmup()).isEqualTo(Pace.DEFAULT_WARMUP);
        assertThat(p.seed()).isEqualTo(Pace.DEFAULT_SEED);
        Pace q = parse("--rate", "auto", "--warmup", "300", "--seed", "7", "--emails", "1000", "--record").pace();
        assertThat(q.auto()).isTrue();
        assertThat(q.warmup()).isEqualTo(300);
        assertThat(q.seed()).isEqualTo(7L);
    }

    @Test
    void rateMistakesNameTheOption() {
        assertError("Invalid value for option '--rate': '0': the rate must be above 0", "--rate", "0");
        assertError("Invalid value for option '--rate': '-3'", "--rate", "-3");
        assertError("Invalid value for option '--rate': 'fast' is neither a number of emails per second nor auto",
                "--rate", "fast");
        assertError("--warmup goes with --rate", "--warmup", "100");
        assertError("--seed goes with --rate", "--seed", "1");
        assertError("--warmup must be at least 1, was 0.", "--rate", "2", "--warmup", "0");
        assertError("--warmup 400 leaves none of the 400 emails to stream at --rate", "--rate", "2", "--quick");
        assertError("--warmup 500 leaves none of the 300 emails", "--rate", "2", "--emails", "300", "--warmup",
                "500");
    }

    @Test
    void helpDescribesTheRate() {
        assertThat(Demo.run(new String[] {"--help"}, new PrintStream(out, true), new PrintStream(err, true)))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--rate=N|auto").contains("Poisson")
                .contains("--warmup=N").contains("--seed=N");
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
