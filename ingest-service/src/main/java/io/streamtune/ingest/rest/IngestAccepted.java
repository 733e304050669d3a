package io.streamtune.ingest.rest;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The 202 answer: every example of the request is in Kafka, and where. */
@Schema(name = "Accepted", description = "Every example of the request was acknowledged by Kafka (acks=all)")
public record IngestAccepted(
        @Schema(example = "spam") String model,
        @Schema(example = "2") int accepted,
        @Schema(description = "How many went to streamtune.<model>.train", example = "1") int train,
        @Schema(description = "How many went to streamtune.<model>.heldout", example = "1") int heldout,
        List<Placement> examples) {

    /** Where one example went, in request order. */
    @Schema(name = "Placement")
    public record Placement(
            @Schema(example = "0") int index,
            @Schema(description = "The example's id (the record key); generated when the request had none",
                    example = "msg-42") String id,
            @Schema(enumeration = {"train", "heldout"}, example = "train") String split,
            @Schema(example = "streamtune.spam.train") String topic,
            int partition,
            long offset) {
    }
}
