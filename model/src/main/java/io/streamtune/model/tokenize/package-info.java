/** Text to wordpiece windows: the HuggingFace tokenizer, truncation and sliding windows. */
package io.streamtune.model.tokenize;
