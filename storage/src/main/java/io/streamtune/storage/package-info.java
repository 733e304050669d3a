/** Object storage for checkpoints, immutable model versions and the champion pointer, through the MinIO SDK. */
package io.streamtune.storage;
