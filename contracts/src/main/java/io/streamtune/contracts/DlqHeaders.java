package io.streamtune.contracts;

/** Header names on {@link Topics#DLQ} records; values are UTF-8 strings. */
public final class DlqHeaders {

    public static final String REASON = "streamtune.dlq.reason";
    public static final String SOURCE_TOPIC = "streamtune.dlq.source-topic";
    public static final String SOURCE_PARTITION = "streamtune.dlq.source-partition";
    public static final String SOURCE_OFFSET = "streamtune.dlq.source-offset";
    /** The fields a record broke, comma-separated (e.g. {@code text}), where the refusal is about fields. */
    public static final String FIELD = "streamtune.dlq.field";
    public static final String CONSUMER = "streamtune.dlq.consumer";

    private DlqHeaders() {
    }
}
