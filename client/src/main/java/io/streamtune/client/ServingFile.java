package io.streamtune.client;

import java.net.URI;
import java.time.Instant;

/**
 * One file of a registry version's serving export, as the registry lists it: where to download it (a presigned URL
 * that expires) and what it must be once downloaded.
 *
 * @param file      the file's name in the serving folder ({@code model.onnx}, {@code tokenizer.json}, ...)
 * @param url       a presigned URL, valid until {@code expiresAt}
 * @param expiresAt when the URL stops working; null when the registry did not say
 * @param size      the file's length in bytes
 * @param sha256    the SHA-256 of the file's bytes, lower-case hex
 */
public record ServingFile(String file, URI url, Instant expiresAt, long size, String sha256) {}
