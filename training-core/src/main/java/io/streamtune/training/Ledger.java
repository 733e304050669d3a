package io.streamtune.training;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code ledger.json} of a checkpoint: what happened to every record of its interval [fromOffsets, offsets). Each
 * record is in exactly one list: trained (its gradient is in this checkpoint), skipped (non-finite loss),
 * discarded (trained, then undone by a rollback to the parent), dead-lettered (poison) or duplicates (its example id
 * was trained before, within the de-duplication window, or earlier in the same micro-batch: not trained again) or
 * quarantined (its source was quarantined: kept on {@code streamtune.<model>.quarantine}, not trained; the reason
 * names the source).
 * Following parents from the latest checkpoint, the ledgers account for every offset of the stream once.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Ledger(Map<Integer, Long> fromOffsets, Map<Integer, Long> offsets, List<Entry> trained,
        List<Entry> skipped, List<Entry> discarded, List<Entry> deadLettered, List<Entry> duplicates,
        List<Entry> quarantined) {

    public Ledger {
        duplicates = duplicates == null ? List.of() : duplicates; // ledgers written before de-duplication
        quarantined = quarantined == null ? List.of() : quarantined; // and before quarantines
    }

    public static final String FILE_NAME = "ledger.json";

    /** One record: where it was and the example's id (the record key for a poison record, if any). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(int partition, long offset, String id, String reason) {

        static Entry of(Incoming in) {
            String id = in.isPoison()
                    ? (in.key() == null ? null : new String(in.key(), StandardCharsets.UTF_8))
                    : in.example().id();
            return new Entry(in.partition(), in.offset(), id, in.poisonReason());
        }

        static Entry quarantined(Incoming in) {
            return new Entry(in.partition(), in.offset(), in.example().id(), "quarantined source "
                    + in.example().source());
        }
    }
}
