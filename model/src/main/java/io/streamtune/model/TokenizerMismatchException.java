package io.streamtune.model;

/** The tokenizer does not belong to the encoder (its vocabulary does not fit the embedding table). */
public class TokenizerMismatchException extends ModelFormatException {

    public TokenizerMismatchException(String message) {
        super(message);
    }

    public TokenizerMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
