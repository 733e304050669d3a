package io.streamtune.e2e.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtune.contracts.FineTuneMode;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.training.TrainerOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidatesTest {

    private static final TrainerOptions OPTIONS = TrainerOptions.defaults(List.of("m"), Path.of("w"))
            .withDevice("cpu");

    @Test
    void theDefaultIsTheBaseUntouchedAndGradualChangesOnlyTheMode() {
        TrainingSettings base = TrainingSettings.defaults();
        Candidates.Candidate d = Candidates.spamCandidates().get(Candidates.DEFAULT);
        assertThat(d.settingsFrom(base)).isEqualTo(base);
        assertThat(d.optionsFrom(OPTIONS)).isEqualTo(OPTIONS);
        TrainingSettings gradual = Candidates.spamCandidates().get("gradual").settingsFrom(base);
        assertThat(gradual.fineTuneMode()).isEqualTo(FineTuneMode.GRADUAL);
        assertThat(gradual.withFineTuneMode(base.fineTuneMode())).isEqualTo(base);
        assertThat(Candidates.spamCandidates().get(Candidates.WINDOWED).settingsFrom(base))
                .isEqualTo(base.withMaxWindows(SpamExperiment.WINDOWS));
    }

    @Test
    void comparisonsChangeTheStrategyOpenTheWholeBufferAndSetTheLoss() {
        TrainingSettings base = EmojiExperiment.baseSettings();
        assertThat(base.replayCapacity()).isEqualTo(EmojiExperiment.CAPACITY);
        Candidates.Candidate derpp500 = Candidates.emojiCandidates().get("derpp_500");
        TrainingSettings s = derpp500.settingsFrom(base);
        assertThat(s.replay()).isEqualTo(ReplayStrategy.DER_PP);
        assertThat(s.replayCapacity()).isEqualTo(EmojiExperiment.LARGE_CAPACITY);
        assertThat(s.maxSourceShare()).isEqualTo(1.0);
        assertThat(derpp500.optionsFrom(OPTIONS).asymmetricLoss()).isFalse();
        Candidates.Candidate ace = Candidates.emojiCandidates().get("reservoir_ace");
        assertThat(ace.settingsFrom(base).replayCapacity()).isEqualTo(EmojiExperiment.CAPACITY);
        assertThat(ace.optionsFrom(OPTIONS.withAsymmetricLoss(false)).asymmetricLoss()).isTrue();
        assertThat(Candidates.spamCandidates().get("naive").settingsFrom(TrainingSettings.defaults()).replay())
                .isEqualTo(ReplayStrategy.NONE);
    }

    @Test
    void everyListedRunIsDefinedAndAnUnknownNameIsRefused() {
        assertThat(Candidates.spamCandidates()).containsKeys(Candidates.SPAM_REPORT.toArray(String[]::new));
        assertThat(Candidates.spamCandidates()).containsKeys(Candidates.VALIDATION.toArray(String[]::new));
        assertThat(Candidates.emojiCandidates()).containsKeys(Candidates.VALIDATION.toArray(String[]::new));
        assertThatThrownBy(() -> Candidates.get(Candidates.spamCandidates(), "nope", "--candidates"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        assertThat(Charts.name("reservoir_500")).isEqualTo("reservoir replay, buffer 500");
        assertThat(Charts.name("class_balanced_ace")).isEqualTo("class-balanced replay + ER-ACE loss");
        assertThat(Charts.name("tfidf_full")).isEqualTo("TF-IDF + LR, full text");
    }
}
