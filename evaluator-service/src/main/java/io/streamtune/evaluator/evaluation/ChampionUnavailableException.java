package io.streamtune.evaluator.evaluation;

/** The champion named by the pointer could not be downloaded or scored; an evaluation without it would mislead. */
public class ChampionUnavailableException extends RuntimeException {

    public ChampionUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
