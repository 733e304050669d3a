package io.streamtune.ingest.rest;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The shape of one example in a request, for the OpenAPI document only (the parser reads the JSON itself). */
@Schema(name = "Example", description = "One labelled example; unknown fields are refused")
public record ExampleDoc(
        @Schema(description = "Idempotency key and record key; letters, digits and . _ : - (max 128). "
                + "Generated when absent; send your own to make retries safe", example = "msg-42") String id,
        @Schema(required = true, description = "At most the model's maxTextChars (20,000 by default)",
                example = "Win a free cruise now!") String text,
        @Schema(required = true, description = "One of the model's labels (any label for an open label set)",
                example = "spam") String label,
        @Schema(description = "When the event happened, ISO-8601; defaults to the time of ingest",
                example = "2026-11-23T12:00:00Z") String eventTime,
        @Schema(description = "At most 16 string entries (keys 64, values 256 chars)") Map<String, String> metadata) {
}
