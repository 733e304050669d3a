package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One class's scores; precision of a class never predicted and recall of a class with no support are 0. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClassMetrics(double precision, double recall, double f1, int support, int predicted) {
}
