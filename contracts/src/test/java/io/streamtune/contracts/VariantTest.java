package io.streamtune.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VariantTest {

    private static final LabelSet SPAM = LabelSet.closed("spam", "ham");

    private static ModelSpec spec(List<Variant> variants) {
        return new ModelSpec(null, 0, null, "spam", SPAM, null, 0, 0, 0, null, null, variants);
    }

    @Test
    void aSpecWithoutVariantsTrainsTheLinearFamilyAsAShadow() {
        ModelSpec spec = EventJson.read("{\"name\":\"spam\",\"labels\":{\"values\":[\"spam\",\"ham\"]}}".getBytes(),
                ModelSpec.class);
        assertThat(spec.allVariants()).extracting(Variant::name).containsExactly("default", "linear");
        Variant linear = spec.variant("linear").orElseThrow();
        assertThat(linear.family()).isEqualTo(ModelFamily.LINEAR);
        assertThat(linear.promotable()).isFalse();
        assertThat(linear.linear()).isEqualTo(LinearSettings.defaults());
        assertThat(spec.variant(null).orElseThrow().isPrimary()).isTrue();
        assertThat(spec(List.of()).allVariants()).extracting(Variant::name).containsExactly("default");
    }

    @Test
    void overridesApplyToTheModelsSettingsAndKeepTheRest() {
        Variant head = new Variant("head-only", null, Map.of("fineTuneMode", "head", "headLearningRate", 0.01), null,
                null);
        TrainingSettings model = TrainingSettings.defaults().withReplayRatio(2.0);
        TrainingSettings s = head.settings(model);
        assertThat(s.fineTuneMode()).isEqualTo(FineTuneMode.HEAD);
        assertThat(s.headLearningRate()).isEqualTo(0.01);
        assertThat(s.replayRatio()).isEqualTo(2.0);
        assertThat(s.topK()).isEqualTo(model.topK());
        assertThat(head.promotable()).isTrue();
        assertThat(head.family()).isEqualTo(ModelFamily.TRANSFORMER);
    }

    @Test
    void survivesJson() {
        ModelSpec spec = spec(List.of(new Variant("top4", null, Map.of("topK", 4), null, null),
                new Variant("linear", ModelFamily.LINEAR, null, new LinearSettings(18, 0.2, null), true)));
        ModelSpec back = EventJson.read(EventJson.write(spec), ModelSpec.class);
        assertThat(back.variants()).isEqualTo(spec.variants());
        assertThat(back.variant("top4").orElseThrow().settings(back.training()).topK()).isEqualTo(4);
        assertThat(back.variant("linear").orElseThrow().linear().bits()).isEqualTo(18);
    }

    @Test
    void badVariantsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> spec(List.of(new Variant("top4", null, Map.of("topK", 99), null, null))))
                .isInstanceOf(ContractViolationException.class).hasMessageContaining("variants[0].training.topK");
        assertThatThrownBy(() -> new Variant("x", null, Map.of("topKay", 4), null, null))
                .hasMessageContaining("training.topKay").hasMessageContaining("is not a training setting");
        assertThatThrownBy(() -> spec(List.of(Variant.linearShadow(), Variant.linearShadow())))
                .hasMessageContaining("variants[1].name").hasMessageContaining("used twice");
        assertThatThrownBy(() -> spec(List.of(Variant.primary()))).hasMessageContaining("variants[0].name");
        assertThatThrownBy(() -> new Variant("Bad/Name", null, null, null, null)).hasMessageContaining("name");
        assertThatThrownBy(() -> new LinearSettings(30, null, null)).hasMessageContaining("linear.bits");
        assertThatThrownBy(() -> spec(java.util.stream.IntStream.range(0, Variant.MAX_CHALLENGERS + 1)
                .mapToObj(i -> new Variant("v" + i, null, null, null, null)).toList()))
                .hasMessageContaining("at most " + Variant.MAX_CHALLENGERS);
    }

    @Test
    void lineagesOfChallengersAreNoModelsName() {
        assertThat(Variant.lineage("spam", "default")).isEqualTo("spam");
        assertThat(Variant.lineage("spam", null)).isEqualTo("spam");
        assertThat(Variant.lineage("spam", "linear")).isEqualTo("spam.linear");
        assertThat(Rules.MODEL_NAME.matcher(Variant.lineage("spam", "linear")).matches()).isFalse();
    }

    @Test
    void costsPerThousandExamples() {
        TrainingCost c = TrainingCost.NONE.plus(3.0, 0, 1500);
        assertThat(c.cpuSecondsPer1000()).isEqualTo(2.0);
        assertThat(TrainingCost.NONE.cpuSecondsPer1000()).isZero();
        assertThat(new String(EventJson.write(c))).contains("\"cpuSecondsPer1000\":2.0");
        assertThat(EventJson.read(EventJson.write(c), TrainingCost.class)).isEqualTo(c);
        assertThatThrownBy(() -> new TrainingCost(-1, 0, 0)).hasMessageContaining("cost");
    }

    @Test
    void memoryIsEstimatedPerVariantAndASpecThatNeedsTooMuchIsRefused() {
        ModelSpec spec = spec(null);
        long primary = VariantMemory.bytes(spec, Variant.primary());
        long linear = VariantMemory.bytes(spec, Variant.linearShadow());
        // top-2 of MiniLM + a 2-class head at 16 bytes a parameter, and 2,000 cached prefixes of 128 x 384 fp16
        assertThat(primary).isEqualTo((2 * VariantMemory.LAYER_PARAMETERS + 2 * 385) * 16 + 2000L * 128 * 384 * 2);
        assertThat(linear).isEqualTo((1L << 20) * (2 * 8 + 4));
        assertThat(VariantMemory.bytes(spec)).isEqualTo(primary + linear);
        VariantMemory.check(spec, 300_000_000L);
        assertThatThrownBy(() -> VariantMemory.check(spec(List.of(new Variant("top4", null, Map.of("topK", 4), null,
                null), Variant.linearShadow())), 300_000_000L))
                .isInstanceOf(ContractViolationException.class).hasMessageContaining("variants")
                .hasMessageContaining("default 253 MB").hasMessageContaining("top4").hasMessageContaining("linear 21 MB");
        Variant head = new Variant("head", null, Map.of("fineTuneMode", "head"), null, null);
        assertThat(VariantMemory.bytes(spec, head)).isEqualTo(2 * 385 * 16 + 2000L * 384 * 2);
    }
}
