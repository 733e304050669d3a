package io.streamtune.e2e.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class AccuracyMatrixTest {

    /** Three tasks; task 1 peaks after task 2 (0.9), task 2 is learnt to 0.8. */
    private static AccuracyMatrix example() {
        AccuracyMatrix m = new AccuracyMatrix(3);
        m.set(0, 0, 0.8);
        m.set(1, 0, 0.9);
        m.set(1, 1, 0.8);
        m.set(2, 0, 0.3);
        m.set(2, 1, 0.6);
        m.set(2, 2, 0.7);
        return m;
    }

    @Test
    void forgettingIsTheBestEarlierAccuracyMinusTheFinalOne() {
        AccuracyMatrix m = example();
        assertThat(m.forgetting(0)).isCloseTo(0.9 - 0.3, offset(1e-12));
        assertThat(m.forgetting(1)).isCloseTo(0.8 - 0.6, offset(1e-12));
        assertThat(m.averageForgetting()).isCloseTo((0.6 + 0.2) / 2, offset(1e-12));
    }

    @Test
    void finalAverageAccuracyAndBackwardTransferUseTheLastRow() {
        AccuracyMatrix m = example();
        assertThat(m.finalAverageAccuracy()).isCloseTo((0.3 + 0.6 + 0.7) / 3, offset(1e-12));
        assertThat(m.backwardTransfer()).isCloseTo(((0.3 - 0.8) + (0.6 - 0.8)) / 2, offset(1e-12));
    }

    @Test
    void minNewTaskAccuracyIsTheLowestDiagonalEntry() {
        // diagonal 0.8, 0.8, 0.7; the lower 0.3 and 0.6 are old tasks and do not count
        assertThat(example().minNewTaskAccuracy()).isCloseTo(0.7, offset(1e-12));
        AccuracyMatrix m = new AccuracyMatrix(2);
        m.set(0, 0, 0.4);
        m.set(1, 0, 0.1);
        m.set(1, 1, 0.9);
        assertThat(m.minNewTaskAccuracy()).isCloseTo(0.4, offset(1e-12));
    }

    @Test
    void aTaskThatImprovesHasNegativeForgetting() {
        AccuracyMatrix m = new AccuracyMatrix(2);
        m.set(0, 0, 0.5);
        m.set(1, 0, 0.7);
        m.set(1, 1, 0.9);
        assertThat(m.averageForgetting()).isCloseTo(-0.2, offset(1e-12));
    }

    @Test
    void oneTaskForgetsNothingAndTheLastTaskCannotBeAsked() {
        AccuracyMatrix one = new AccuracyMatrix(1);
        one.set(0, 0, 0.9);
        assertThat(one.averageForgetting()).isZero();
        assertThat(one.finalAverageAccuracy()).isEqualTo(0.9);
        assertThatThrownBy(() -> example().forgetting(2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AccuracyMatrix(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rowsAreACopy() {
        AccuracyMatrix m = example();
        m.rows()[0][0] = 0;
        assertThat(m.get(0, 0)).isEqualTo(0.8);
    }
}
