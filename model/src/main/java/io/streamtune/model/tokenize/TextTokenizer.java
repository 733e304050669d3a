package io.streamtune.model.tokenize;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.model.ModelRuntime;
import io.streamtune.model.TokenizerMismatchException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DJL's HuggingFace tokenizer set up for this module: no padding (batches pad to their longest),
 * truncation at {@code maxLength}, and the overflow returned as further windows, each with its own
 * [CLS] and [SEP], at most {@code maxWindows} per text.
 */
public final class TextTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final TokenizerSettings settings;
    private final byte[] json;
    private final int vocabularySize;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, TokenizerSettings settings, byte[] json, int vocab) {
        this.tokenizer = tokenizer;
        this.settings = settings;
        this.json = json;
        this.vocabularySize = vocab;
    }

    /**
     * A tokenizer from a HuggingFace {@code tokenizer.json} for an encoder whose word embedding
     * table has {@code embeddingRows} rows.
     *
     * @throws TokenizerMismatchException when the vocabulary does not fit the embedding table
     */
    public static TextTokenizer create(byte[] tokenizerJson, TokenizerSettings settings, int embeddingRows)
            throws IOException {
        int vocab = vocabularySize(tokenizerJson);
        // an embedding table may be padded to a multiple of 8..128 rows; anything else is another model
        if (vocab > embeddingRows || embeddingRows - vocab >= 128) {
            throw new TokenizerMismatchException(
                    "the tokenizer's vocabulary has " + vocab + " tokens but the encoder's word"
                            + " embedding table has " + embeddingRows + " rows: the tokenizer belongs"
                            + " to another model.");
        }
        ModelRuntime.init();
        Map<String, String> options = Map.of(
                "addSpecialTokens", "true",
                "padding", "false",
                "truncation", "true",
                "maxLength", Integer.toString(settings.maxLength()),
                "stride", Integer.toString(settings.stride()),
                "withOverflowingTokens", "true",
                "modelMaxLength", Integer.toString(TokenizerSettings.LIMIT_MAX_LENGTH));
        HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), options);
        return new TextTokenizer(tokenizer, settings, tokenizerJson.clone(), vocab);
    }

    public TokenizerSettings settings() {
        return settings;
    }

    public int vocabularySize() {
        return vocabularySize;
    }

    /** The tokenizer.json this tokenizer was built from (a checkpoint keeps a copy). */
    public byte[] json() {
        return json.clone();
    }

    /** The windows of one text: each an id array starting with [CLS] and ending with [SEP]. */
    public List<long[]> windows(String text) {
        Encoding encoding = tokenizer.encode(text);
        List<long[]> out = new ArrayList<>();
        out.add(encoding.getIds());
        Encoding[] overflow = encoding.getOverflowing();
        for (int i = 0; overflow != null && i < overflow.length && out.size() < settings.maxWindows(); i++) {
            out.add(overflow[i].getIds());
        }
        return out;
    }

    /** Windows of several texts, in order. */
    public List<List<long[]>> windows(List<String> texts) {
        List<List<long[]>> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            out.add(windows(text));
        }
        return out;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    private static int vocabularySize(byte[] tokenizerJson) throws TokenizerMismatchException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(tokenizerJson);
        } catch (IOException e) {
            throw new TokenizerMismatchException("the tokenizer file is not valid JSON: " + e.getMessage(), e);
        }
        JsonNode vocab = root.path("model").path("vocab");
        if (!vocab.isObject() && !vocab.isArray()) {
            throw new TokenizerMismatchException(
                    "the tokenizer file has no model.vocab: not a HuggingFace tokenizer.json.");
        }
        int max = vocab.size() - 1;
        if (vocab.isObject()) {
            for (JsonNode id : vocab) {
                max = Math.max(max, id.asInt());
            }
        }
        for (JsonNode added : root.path("added_tokens")) {
            max = Math.max(max, added.path("id").asInt());
        }
        return max + 1;
    }
}
