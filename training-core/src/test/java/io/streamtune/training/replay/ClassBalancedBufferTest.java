package io.streamtune.training.replay;

import static io.streamtune.training.replay.Items.item;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClassBalancedBufferTest {

    @Test
    void givesRareClassesAnEqualShare() {
        ClassBalancedBuffer buffer = new ClassBalancedBuffer(90, 1.0, 11);
        ReservoirBuffer plain = new ReservoirBuffer(90, 1.0, 11);
        for (int i = 0; i < 10_000; i++) {
            String label = i % 20 == 0 ? "rare" : i % 20 == 1 ? "scarce" : "common";
            buffer.offer(item(i, label, "app"));
            plain.offer(item(i, label, "app"));
        }
        System.out.println("class-balanced " + buffer.perClass() + " vs reservoir " + plain.perClass());
        assertThat(buffer.perClass()).containsEntry("rare", 30).containsEntry("scarce", 30)
                .containsEntry("common", 30);
        assertThat(plain.perClass().get("common")).isGreaterThan(70);
    }

    @Test
    void keepsAllOfAClassThatHasFewerExamplesThanItsShare() {
        ClassBalancedBuffer buffer = new ClassBalancedBuffer(60, 1.0, 5);
        for (int i = 0; i < 3_000; i++) {
            buffer.offer(item(i, i < 10 ? "tiny" : i % 2 == 0 ? "x" : "y", "app"));
        }
        assertThat(buffer.perClass()).containsEntry("tiny", 10).containsEntry("x", 25).containsEntry("y", 25);
    }

    @Test
    void aNewClassTakesItsShareFromTheLargest() {
        ClassBalancedBuffer buffer = new ClassBalancedBuffer(40, 1.0, 2);
        for (int i = 0; i < 500; i++) {
            buffer.offer(item(i, "old", "app"));
        }
        assertThat(buffer.perClass()).containsEntry("old", 40);
        for (int i = 500; i < 1_000; i++) {
            buffer.offer(item(i, "new", "app"));
        }
        assertThat(buffer.perClass()).containsEntry("old", 20).containsEntry("new", 20);
    }

    @Test
    void respectsTheSourceCap() {
        ClassBalancedBuffer buffer = new ClassBalancedBuffer(50, 0.2, 9);
        for (int i = 0; i < 2_000; i++) {
            buffer.offer(item(i, i % 2 == 0 ? "a" : "b", i % 5 == 0 ? "other-" + (i / 5 % 7) : "flood"));
        }
        assertThat(buffer.perSource().get("flood")).isEqualTo(10);
        assertThat(buffer.size()).isEqualTo(50);
    }
}
