/**
 * The linear model family: hashed uni+bigram TF-IDF of the full text and an online multinomial logistic regression
 * (AdaGrad), trained by the same loop as the transformer, in microseconds per example, with checkpoints of plain
 * files another runtime can score from ({@code linear.json} + {@code linear.safetensors}; see {@link
 * io.streamtune.training.linear.HashedTfIdf} for the feature recipe).
 */
package io.streamtune.training.linear;
