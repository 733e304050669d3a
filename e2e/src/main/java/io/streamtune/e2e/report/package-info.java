/** The quality and speed report ({@code bin/report}): continual fine-tuning against replay, joint training and a TF-IDF baseline. */
package io.streamtune.e2e.report;
