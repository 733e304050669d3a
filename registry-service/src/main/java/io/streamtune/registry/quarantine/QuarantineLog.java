package io.streamtune.registry.quarantine;

import io.streamtune.contracts.SourceQuarantined;
import java.util.Map;

/** The compacted {@code streamtune.quarantines}: the latest record per {@code <model>/<source>}. */
public interface QuarantineLog {

    /** The latest state of every source of {@code model} that has a record, by source. */
    Map<String, SourceQuarantined> read(String model);

    /**
     * Appends a record and returns once Kafka acknowledged it.
     *
     * @throws io.streamtune.registry.promotion.AnnouncementException when it did not
     */
    void write(SourceQuarantined record);
}
