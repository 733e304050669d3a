package io.streamtune.storage;

import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.DownloadObjectArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.SourceObject;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Plain objects on an S3 server through the MinIO SDK, with conditional writes, and every SDK failure mapped onto
 * the storage taxonomy. {@link ArtifactStore} builds the Streamtune layout on top.
 */
public final class ObjectStore implements AutoCloseable {

    /** Objects above this size go up in parts (the SDK's multipart upload). */
    static final long PART_SIZE = 16L * 1024 * 1024;
    /** Connecting to the server; a healthy one answers in milliseconds. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Between two reads or writes on a connection (not a whole transfer: a 16 MiB part at a slow link is fine). */
    static final Duration IO_TIMEOUT = Duration.ofSeconds(60);

    private final MinioClient client;
    private final URI endpoint;

    public ObjectStore(S3Settings settings) {
        this.endpoint = settings.endpoint();
        this.client = MinioClient.builder().endpoint(settings.endpoint().toString())
                .credentials(settings.accessKey(), settings.secretKey()).region(settings.region()).build();
        // the SDK's defaults wait five minutes for each; a dead server should fail a call (and be retried) sooner
        client.setTimeout(CONNECT_TIMEOUT.toMillis(), IO_TIMEOUT.toMillis(), IO_TIMEOUT.toMillis());
    }

    public void ensureBucket(String bucket) {
        call("create bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                } catch (ErrorResponseException e) {
                    if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())
                            && !"BucketAlreadyExists".equals(e.errorResponse().code())) {
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    /** Writes unconditionally; returns the new ETag. */
    public String put(String bucket, String key, byte[] data) {
        return put(bucket, key, data, Map.of());
    }

    /** Writes only if no object has the key (If-None-Match: *); {@link ConflictException} otherwise. */
    public String putIfAbsent(String bucket, String key, byte[] data) {
        return put(bucket, key, data, Map.of("If-None-Match", "*"));
    }

    /** Writes only if the object still has this ETag (If-Match); {@link ConflictException} otherwise. */
    public String putIfMatch(String bucket, String key, byte[] data, String etag) {
        return put(bucket, key, data, Map.of("If-Match", quoted(etag)));
    }

    private String put(String bucket, String key, byte[] data, Map<String, String> conditions) {
        ObjectWriteResponse r = call("write " + bucket + "/" + key, () -> client.putObject(PutObjectArgs.builder()
                .bucket(bucket).object(key).data(data, data.length).extraHeaders(conditions)
                .contentType("application/octet-stream").build()));
        return unquoted(r.etag());
    }

    /** Uploads a file, in parts when large. */
    public String putFile(String bucket, String key, Path file) {
        ObjectWriteResponse r = call("upload " + file + " to " + bucket + "/" + key, () -> client.uploadObject(
                UploadObjectArgs.builder().bucket(bucket).object(key).filename(file.toString(), PART_SIZE)
                        .contentType("application/octet-stream").build()));
        return unquoted(r.etag());
    }

    public byte[] get(String bucket, String key) {
        return getVersioned(bucket, key).value();
    }

    public Versioned<byte[]> getVersioned(String bucket, String key) {
        return call("read " + bucket + "/" + key, () -> {
            try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                byte[] data = in.readAllBytes();
                return new Versioned<>(data, unquoted(in.headers().get("ETag")));
            }
        });
    }

    public Optional<Versioned<byte[]>> find(String bucket, String key) {
        try {
            return Optional.of(getVersioned(bucket, key));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    public boolean exists(String bucket, String key) {
        try {
            call("stat " + bucket + "/" + key, () -> client.statObject(StatObjectArgs.builder().bucket(bucket)
                    .object(key).build()));
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    public void download(String bucket, String key, Path target) {
        call("download " + bucket + "/" + key, () -> {
            client.downloadObject(DownloadObjectArgs.builder().bucket(bucket).object(key)
                    .filename(target.toString()).overwrite(true).build());
            return null;
        });
    }

    /** Keys under a prefix, recursively, in lexical order. */
    public List<String> list(String bucket, String prefix) {
        return call("list " + bucket + "/" + prefix, () -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                keys.add(r.get().objectName());
            }
            return keys;
        });
    }

    /** Objects under a prefix, recursively, in lexical order, with when each was last written. */
    public List<StoredObject> listObjects(String bucket, String prefix) {
        return call("list " + bucket + "/" + prefix, () -> {
            List<StoredObject> objects = new ArrayList<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                Item item = r.get();
                objects.add(new StoredObject(item.objectName(), item.lastModified().toInstant()));
            }
            return objects;
        });
    }

    /** Server-side copy. */
    public void copy(String bucket, String fromKey, String toBucket, String toKey) {
        call("copy " + bucket + "/" + fromKey + " to " + toBucket + "/" + toKey, () -> client.copyObject(
                CopyObjectArgs.builder().bucket(toBucket).object(toKey)
                        .source(SourceObject.builder().bucket(bucket).object(fromKey).build()).build()));
    }

    public void delete(String bucket, String key) {
        call("delete " + bucket + "/" + key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    /** A URL anyone holding it can GET the object with, until it expires (at most 7 days). */
    public URI presignedGet(String bucket, String key, Duration ttl) {
        long seconds = Math.max(1, Math.min(ttl.toSeconds(), TimeUnit.DAYS.toSeconds(7)));
        return URI.create(call("presign " + bucket + "/" + key, () -> client.getPresignedObjectUrl(
                GetPresignedObjectUrlArgs.builder().method(Http.Method.GET).bucket(bucket).object(key)
                        .expiry((int) seconds, TimeUnit.SECONDS).build())));
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            client.close(); // or the JVM lingers about a minute on OkHttp's threads
        } catch (Exception e) {
            // closing is best effort
        }
    }

    interface Call<T> {
        T run() throws Exception;
    }

    /** Maps the SDK's checked exceptions onto the taxonomy: 404 / 412 / 409 / 5xx and I/O. */
    static <T> T call(String what, Call<T> call) {
        try {
            return call.run();
        } catch (ErrorResponseException e) {
            String code = e.errorResponse() == null ? "" : e.errorResponse().code();
            int status = e.response() == null ? 0 : e.response().code();
            if ("NoSuchKey".equals(code) || "NoSuchBucket".equals(code) || "NoSuchObject".equals(code)
                    || status == 404) {
                throw new NotFoundException("Cannot " + what + ": not found (" + code + ")");
            }
            if ("PreconditionFailed".equals(code) || status == 412 || status == 409
                    || "ConditionalRequestConflict".equals(code)) {
                throw new ConflictException("Cannot " + what + ": a condition failed (" + code + ")");
            }
            if (status >= 500 || "SlowDown".equals(code) || "ServiceUnavailable".equals(code)) {
                throw new RetriableStorageException("Cannot " + what + ": server error " + status + " " + code, e);
            }
            throw new StorageException("Cannot " + what + ": " + status + " " + code + " "
                    + (e.errorResponse() == null ? "" : e.errorResponse().message()), e);
        } catch (IOException e) {
            throw new RetriableStorageException("Cannot " + what + ": " + e, e);
        } catch (StorageException e) {
            throw e;
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw new RetriableStorageException("Cannot " + what + ": " + io, e);
            }
            throw e;
        } catch (Exception e) {
            if (e.getCause() instanceof IOException io) {
                throw new RetriableStorageException("Cannot " + what + ": " + io, e);
            }
            throw new StorageException("Cannot " + what + ": " + e, e);
        }
    }

    private static String quoted(String etag) {
        return etag.startsWith("\"") ? etag : "\"" + etag + "\"";
    }

    static String unquoted(String etag) {
        if (etag == null) {
            return null;
        }
        return etag.startsWith("\"") && etag.endsWith("\"") && etag.length() >= 2
                ? etag.substring(1, etag.length() - 1) : etag;
    }
}
