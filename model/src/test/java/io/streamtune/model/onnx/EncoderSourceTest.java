package io.streamtune.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.model.TestModels;
import io.streamtune.model.encoder.EncoderWeights;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The encoder loads from a URL as from the classpath; specs parse or fail with the expected form. */
class EncoderSourceTest {

    @Test
    void loadsFromAUrl() throws Exception {
        ClassLoader cl = getClass().getClassLoader();
        URI onnx = cl.getResource(EncoderSource.MINILM_ONNX).toURI();
        URI tokenizer = cl.getResource(EncoderSource.MINILM_TOKENIZER).toURI();
        PretrainedEncoder fromUrl = PretrainedEncoder.load(EncoderSource.url(onnx, tokenizer));
        EncoderWeights expected = TestModels.miniLm().weights();
        assertEquals(expected.config(), fromUrl.weights().config());
        String name = "encoder.layer.3.attention.self.key.weight";
        assertTrue(java.util.Arrays.equals(expected.tensors().get(name).data(), fromUrl.weights().tensors().get(name).data()));
    }

    @Test
    void parsesSpecs() {
        assertEquals(EncoderSource.miniLm().toString(), EncoderSource.parse("minilm").toString());
        assertEquals(EncoderSource.path(Path.of("/m/a.onnx"), Path.of("/m/t.json")).toString(),
                EncoderSource.parse("/m/a.onnx,/m/t.json").toString());
        assertTrue(EncoderSource.parse("file:/m/a.onnx,file:/m/t.json").modelLocation().startsWith("url:"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EncoderSource.parse("model.onnx"));
        assertTrue(e.getMessage().contains("<model.onnx>,<tokenizer.json>"), e.getMessage());
    }

    @Test
    void aSpecsEncoderIsLookedUpInTheAllowList() {
        java.util.Map<String, String> extra = java.util.Map.of("mine", "/m/a.onnx,/m/t.json");
        assertEquals(EncoderSource.miniLm().toString(), EncoderSource.known("all-minilm-l6-v2", extra).toString());
        assertEquals(EncoderSource.parse("/m/a.onnx,/m/t.json").toString(), EncoderSource.known("mine", extra).toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EncoderSource.known("/etc/a.onnx,/etc/t.json", extra));
        assertTrue(e.getMessage().contains("not a known encoder; known: [all-minilm-l6-v2, mine]"), e.getMessage());
    }
}
