package io.streamtune.e2e.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

class ReportArgsTest {

    private final StringWriter usage = new StringWriter();

    @Test
    void aFullReportRunsTheWindowedRunAndAQuickOneOnlyWhenAsked() {
        ReportArgs full = parse("--root", "/tmp/repo");
        assertThat(full.windowed()).isTrue();
        assertThat(full.quick()).isFalse();
        assertThat(full.cache()).isEqualTo(Path.of("/tmp/repo/.cache"));
        assertThat(full.docs()).isEqualTo(Path.of("/tmp/repo/docs"));
        assertThat(full.candidates()).isEqualTo(Candidates.VALIDATION);
        assertThat(parse("--no-windowed").windowed()).isFalse();
        ReportArgs quick = parse("--quick", "--root", "/tmp/repo");
        assertThat(quick.windowed()).isFalse();
        assertThat(quick.docs()).isEqualTo(Path.of("/tmp/repo").resolve(ReportMain.QUICK_OUT));
        assertThat(parse("--quick", "--windowed").windowed()).isTrue();
    }

    @Test
    void listsExperimentsAndEpochs() {
        ReportArgs a = parse("--validation", "--only", "SPAM", "--candidates", "default,derpp_a01", "--emoji-runs",
                "naive,reservoir", "--emoji-epochs", "3");
        assertThat(a.validation()).isTrue();
        assertThat(a.spam()).isTrue();
        assertThat(a.emoji()).isFalse();
        assertThat(a.candidates()).containsExactly("default", "derpp_a01");
        assertThat(a.emojiRuns()).containsExactly("naive", "reservoir");
        assertThat(a.emojiEpochs()).isEqualTo(3);
    }

    @Test
    void mistakesNameTheOption() {
        assertThatThrownBy(() -> parse("--only", "both")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--only").hasMessageContaining("expected one of [spam, emoji]");
        assertThatThrownBy(() -> parse("--emoji-epochs", "many")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--emoji-epochs");
        assertThatThrownBy(() -> parse("--fast")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("Unknown option: '--fast'");
    }

    @Test
    void theValidationFoldIsZeroUnlessGivenAndMustBeOneOfTheSlices() {
        assertThat(parse("--validation").validationFold()).isZero();
        assertThat(parse("--validation", "--validation-fold", "2").validationFold()).isEqualTo(2);
        assertThatThrownBy(() -> parse("--validation", "--validation-fold", "8"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--validation-fold must be between 0 and 7").hasMessageContaining("got 8");
        assertThatThrownBy(() -> parse("--validation-fold", "-1")).isInstanceOf(ParameterException.class);
    }

    @Test
    void foldsAreDisjointSlicesOfTheTrainingStreamAndNeverTheHeldOutIds() {
        List<io.streamtune.e2e.corpus.LabelledText> train = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            train.add(new io.streamtune.e2e.corpus.LabelledText("e" + i, "text " + i, "ham", "g", "2002",
                    java.time.Instant.EPOCH));
        }
        ValidationSlice zero = ValidationSlice.of(train, "spamassassin", 20, 0);
        ValidationSlice one = ValidationSlice.of(train, "spamassassin", 20, 1);
        assertThat(zero.validation()).isEqualTo(ValidationSlice.of(train, "spamassassin", 20).validation());
        assertThat(zero.validation()).doesNotContainAnyElementsOf(one.validation());
        assertThat(zero.fit().size() + zero.validation().size()).isEqualTo(train.size());
        assertThat(one.fit()).containsAll(zero.validation());
        // about 10 % of all ids each
        assertThat(one.validation().size()).isBetween(140, 260);
        assertThat(ValidationSlice.folds(20)).isEqualTo(8);
    }

    @Test
    void theHeldOutCheckTakesItsCandidatesAndIsNotTheValidation() {
        ReportArgs check = parse("--check", "--only", "emoji", "--candidates", "default,naive");
        assertThat(check.check()).isTrue();
        assertThat(check.validation()).isFalse();
        assertThat(check.candidates()).containsExactly("default", "naive");
        assertThat(parse("--validation").check()).isFalse();
        assertThatThrownBy(() -> parse("--check", "--validation")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("two modes");
    }

    @Test
    void helpPrintsTheUsage() {
        assertThat(parse("--help").help()).isTrue();
        assertThat(usage.toString()).contains("Usage: bin/report").contains("--no-windowed").contains("10 % of ids");
        assertThat(List.of(parse("--quick").help())).containsExactly(false);
    }

    private ReportArgs parse(String... args) {
        return ReportArgs.parse(args, new PrintWriter(usage, true));
    }
}
