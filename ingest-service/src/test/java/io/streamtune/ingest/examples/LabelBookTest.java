package io.streamtune.ingest.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.HeldoutSplit;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelBookTest {

    private final LabelBook book = new LabelBook();
    private final ModelSpec tickets = ModelSpec.of("tickets", LabelSet.open(4, "billing", "shipping"));

    @Test
    void newLabelsAreAdmittedUpToTheCapAndNoFurther() {
        assertThat(book.admit(tickets, batch("billing", "refunds", "refunds"))).isEmpty();
        // 'billing', 'shipping', 'refunds' known: one more fits, two do not, and then none is admitted
        List<ItemViolation> over = book.admit(tickets, batch("login", "billing", "returns"));
        assertThat(over).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("[2].label");
            assertThat(v.reason()).isEqualTo("is a new label and model 'tickets' already has 3 of its at most 4 "
                    + "distinct labels (labels.maxLabels), got 'returns'");
        });
        assertThat(book.admit(tickets, batch("login"))).isEmpty();
        assertThat(book.admit(tickets, batch("returns"))).hasSize(1);
        assertThat(book.admit(tickets, batch("refunds", "login", "shipping"))).as("known labels always pass")
                .isEmpty();
    }

    @Test
    void aClosedSetIsLeftToTheValidator() {
        ModelSpec spam = ModelSpec.of("spam", LabelSet.closed("ham", "spam"));
        assertThat(book.admit(spam, batch("ham", "spam"))).isEmpty();
    }

    private static List<ValidatedBatch.Placed> batch(String... labels) {
        return Arrays.stream(labels).map(l -> new ValidatedBatch.Placed(LabelledExample.of("id-" + l, "tickets",
                "t", l, "demo"), HeldoutSplit.Side.TRAIN)).toList();
    }
}
