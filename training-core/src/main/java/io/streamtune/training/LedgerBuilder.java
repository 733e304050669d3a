package io.streamtune.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Collects the {@link Ledger} of the interval since the last checkpoint. */
final class LedgerBuilder {

    private final Map<Integer, Long> fromOffsets;
    private final List<Ledger.Entry> trained = new ArrayList<>();
    private final List<Ledger.Entry> skipped = new ArrayList<>();
    private final List<Ledger.Entry> discarded = new ArrayList<>();
    private final List<Ledger.Entry> deadLettered = new ArrayList<>();
    private final List<Ledger.Entry> duplicates = new ArrayList<>();
    private final List<Ledger.Entry> quarantined = new ArrayList<>();

    LedgerBuilder(Map<Integer, Long> fromOffsets) {
        this.fromOffsets = Map.copyOf(fromOffsets);
    }

    Map<Integer, Long> fromOffsets() {
        return fromOffsets;
    }

    void trained(List<Incoming> in) {
        in.forEach(i -> trained.add(Ledger.Entry.of(i)));
    }

    void skipped(List<Incoming> in) {
        in.forEach(i -> skipped.add(Ledger.Entry.of(i)));
    }

    void deadLettered(Incoming in) {
        deadLettered.add(Ledger.Entry.of(in));
    }

    void duplicates(List<Incoming> in) {
        in.forEach(i -> duplicates.add(Ledger.Entry.of(i)));
    }

    void quarantined(List<Incoming> in) {
        in.forEach(i -> quarantined.add(Ledger.Entry.quarantined(i)));
    }

    /** A rollback to the parent checkpoint undid everything trained in this interval so far. */
    void discardTrained() {
        discarded.addAll(trained);
        trained.clear();
    }

    Ledger build(Map<Integer, Long> offsets) {
        return new Ledger(fromOffsets, offsets, List.copyOf(trained), List.copyOf(skipped), List.copyOf(discarded),
                List.copyOf(deadLettered), List.copyOf(duplicates), List.copyOf(quarantined));
    }
}
