package io.streamtune.training.linear;

import io.streamtune.features.HashedTfIdf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OnlineLogisticRegressionTest {

    @Test
    void learnsASeparableTextTaskOnlineAndGrowsForNewLabels() {
        String[] spam = {"win money now", "cheap pills offer", "free prize click", "claim your free money"};
        String[] ham = {"meeting at noon", "see the attached report", "lunch tomorrow with the team", "notes from call"};
        HashedTfIdf features = new HashedTfIdf(16);
        OnlineLogisticRegression lr = new OnlineLogisticRegression(1 << 16, 0.5, 1e-6);
        Random r = new Random(1);
        for (int i = 0; i < 400; i++) {
            boolean s = r.nextBoolean();
            String text = s ? spam[r.nextInt(4)] : ham[r.nextInt(4)];
            features.observe(text);
            lr.update(features.vector(text), s ? "spam" : "ham");
        }
        assertThat(lr.predict(features.vector("free money prize"))).isEqualTo("spam");
        assertThat(lr.predict(features.vector("report from the meeting"))).isEqualTo("ham");
        assertThat(lr.labels()).containsExactly("spam", "ham").doesNotContain("eggs");

        for (int i = 0; i < 50; i++) {
            lr.update(features.vector("scrambled eggs breakfast"), "food");
        }
        assertThat(lr.labels()).containsExactly("spam", "ham", "food");
        assertThat(lr.predict(features.vector("eggs for breakfast"))).isEqualTo("food");
    }

    @Test
    void vectorsAreUnitLength() {
        HashedTfIdf f = new HashedTfIdf(12);
        f.observe("a b c");
        HashedTfIdf.SparseVector v = f.vector("a b b c d");
        double n = 0;
        for (float x : v.values()) {
            n += x * x;
        }
        assertThat(n).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }
}
