package io.streamtune.evaluator.heldout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Comparator;

/** A cell of the held-out set: one class in one time slice. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Stratum(String slice, String label) implements Comparable<Stratum> {

    private static final Comparator<Stratum> ORDER = Comparator.comparing(Stratum::slice)
            .thenComparing(Stratum::label);

    public static Stratum of(HeldoutExample e) {
        return new Stratum(e.slice(), e.label());
    }

    @Override
    public int compareTo(Stratum o) {
        return ORDER.compare(this, o);
    }
}
