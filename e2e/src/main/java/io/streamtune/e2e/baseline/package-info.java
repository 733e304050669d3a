/** The baseline a user would pick instead of fine-tuning: hashed TF-IDF features and online logistic regression. */
package io.streamtune.e2e.baseline;
