package io.streamtune.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A champion is downloaded for scoring without the bundle, the serving export and the trainer's state. */
class LoadedVersionsTest {

    @Test
    void onlyTheFilesAScorerReadsAreDownloaded() {
        assertThat(LoadedVersions.scored("model/weights.safetensors")).isTrue();
        assertThat(LoadedVersions.scored("model/model.json")).isTrue();
        assertThat(LoadedVersions.scored("model/linear.safetensors")).isTrue();
        assertThat(LoadedVersions.scored("labels.json")).isTrue();
        assertThat(LoadedVersions.scored("model.zip")).isFalse();
        assertThat(LoadedVersions.scored("serving/model.onnx")).isFalse();
        assertThat(LoadedVersions.scored("replay.bin")).isFalse();
        assertThat(LoadedVersions.scored("model/optimizer.safetensors")).isFalse();
    }
}
