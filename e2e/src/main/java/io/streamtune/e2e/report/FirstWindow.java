package io.streamtune.e2e.report;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import io.streamtune.model.ModelRuntime;
import io.streamtune.model.onnx.EncoderSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The part of a text the fine-tuned model reads in one window: the characters covered by its first {@code maxLength}
 * wordpieces under the model's own tokenizer. The baseline runs on it too, so both see the same text.
 */
final class FirstWindow implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;

    FirstWindow(int maxLength) throws IOException {
        ModelRuntime.init();
        try (InputStream json = EncoderSource.miniLm().openTokenizer()) {
            tokenizer = HuggingFaceTokenizer.newInstance(json, Map.of("addSpecialTokens", "true", "padding", "false",
                    "truncation", "true", "maxLength", Integer.toString(maxLength)));
        }
    }

    /** The prefix of {@code text} that the first window covers. */
    String of(String text) {
        Encoding e = tokenizer.encode(text);
        int end = 0;
        for (CharSpan span : e.getCharTokenSpans()) {
            if (span != null) {
                end = Math.max(end, span.getEnd());
            }
        }
        return text.substring(0, Math.min(end, text.length()));
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
