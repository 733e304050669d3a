/** The model module behind the Scorer interface, with the frozen-prefix cache. */
package io.streamtune.evaluator.scoring;
