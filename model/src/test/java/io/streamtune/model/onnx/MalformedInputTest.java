package io.streamtune.model.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.model.MalformedEncoderException;
import io.streamtune.model.TestModels;
import io.streamtune.model.TokenizerMismatchException;
import io.streamtune.model.tokenize.TextTokenizer;
import io.streamtune.model.tokenize.TokenizerSettings;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken inputs fail with an exception that says which file and why. */
class MalformedInputTest {

    @TempDir
    Path tmp;

    @Test
    void truncatedOnnxFileIsRefused() throws Exception {
        Path cut = tmp.resolve("cut.onnx");
        try (InputStream in = EncoderSource.miniLm().openModel()) {
            Files.write(cut, in.readNBytes(3_000_000));
        }
        EncoderSource source = EncoderSource.path(cut, tmp.resolve("unused.json"));
        MalformedEncoderException e = assertThrows(MalformedEncoderException.class, () -> OnnxEncoderReader.read(source));
        assertTrue(e.getMessage().contains("cut.onnx"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aFileThatIsNotOnnxIsRefused() throws Exception {
        Path text = tmp.resolve("notes.onnx");
        Files.writeString(text, "this is not a model, just some notes\n".repeat(50));
        EncoderSource source = EncoderSource.path(text, tmp.resolve("unused.json"));
        MalformedEncoderException e = assertThrows(MalformedEncoderException.class, () -> OnnxEncoderReader.read(source));
        assertTrue(e.getMessage().contains("notes.onnx"), e.getMessage());
    }

    @Test
    void tokenizerOfAnotherVocabularyIsRefused() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(TestModels.miniLm().tokenizerJson());
        ObjectNode vocab = (ObjectNode) root.path("model").path("vocab");
        // keep the first 20,000 entries: a smaller vocabulary, as another model's would be
        Iterator<String> names = vocab.fieldNames();
        java.util.List<String> drop = new java.util.ArrayList<>();
        while (names.hasNext()) {
            String name = names.next();
            if (vocab.get(name).asInt() >= 20_000) {
                drop.add(name);
            }
        }
        vocab.remove(drop);
        root.putArray("added_tokens");
        byte[] smaller = json.writeValueAsBytes(root);
        int rows = TestModels.miniLm().weights().config().vocabSize();
        TokenizerMismatchException e = assertThrows(TokenizerMismatchException.class,
                () -> TextTokenizer.create(smaller, TokenizerSettings.defaults(), rows).close());
        assertTrue(e.getMessage().contains("20000") && e.getMessage().contains("30522"), e.getMessage());
    }
}
