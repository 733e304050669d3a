package io.streamtune.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectStoreIT {

    S3Settings settings;
    ObjectStore store;

    @BeforeEach
    void open() {
        settings = StoreFixture.freshBuckets();
        store = new ObjectStore(settings);
        store.ensureBucket(settings.checkpointsBucket());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void fiftyMegabytesRoundTripMultipartAndThroughAPresignedUrl(@TempDir Path tmp) throws Exception {
        Path big = tmp.resolve("big.bin");
        byte[] chunk = new byte[1024 * 1024];
        Random random = new Random(42);
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 50; i++) {
                random.nextBytes(chunk);
                sent.update(chunk);
                out.write(chunk);
            }
        }
        byte[] expected = sent.digest();
        assertThat(Files.size(big)).isGreaterThan(3 * ObjectStore.PART_SIZE); // goes up in parts

        String etag = store.putFile(settings.checkpointsBucket(), "blobs/big.bin", big);
        // an object assembled from parts has the multipart ETag, "<md5 of the part md5s>-<number of parts>"
        assertThat(etag).as("ETag of a multipart upload").matches("[0-9a-f]{32}-4");

        Path back = tmp.resolve("back.bin");
        store.download(settings.checkpointsBucket(), "blobs/big.bin", back);
        assertThat(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(back))).isEqualTo(expected);

        URI url = store.presignedGet(settings.checkpointsBucket(), "blobs/big.bin", Duration.ofMinutes(5));
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(MessageDigest.getInstance("SHA-256").digest(r.body())).isEqualTo(expected);
    }

    @Test
    void conditionalWritesOneAtATime() {
        String b = settings.checkpointsBucket();
        String etag = store.putIfAbsent(b, "p.json", "1".getBytes());
        assertThatThrownBy(() -> store.putIfAbsent(b, "p.json", "2".getBytes())).isInstanceOf(ConflictException.class);
        String etag2 = store.putIfMatch(b, "p.json", "2".getBytes(), etag);
        assertThatThrownBy(() -> store.putIfMatch(b, "p.json", "3".getBytes(), etag))
                .isInstanceOf(ConflictException.class);
        assertThat(store.getVersioned(b, "p.json").etag()).isEqualTo(etag2);
        assertThat(new String(store.get(b, "p.json"))).isEqualTo("2");
    }

    @Test
    void missingObjectsAndUnreachableServersAreTypedErrors() {
        assertThatThrownBy(() -> store.get(settings.checkpointsBucket(), "nope")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("nope");
        assertThat(store.exists(settings.checkpointsBucket(), "nope")).isFalse();
        try (ObjectStore dead = new ObjectStore(S3Settings.of("http://127.0.0.1:1", "a", "b"))) {
            assertThatThrownBy(() -> dead.get("streamtune-models", "x"))
                    .isInstanceOf(RetriableStorageException.class);
        }
    }

    @Test
    void badSettingsNameTheKey() {
        assertThatThrownBy(() -> new S3Settings(URI.create("http://x"), "a", "b", null, "Bad_Bucket", null))
                .hasMessageContaining("streamtune.s3.checkpoints-bucket");
        assertThatThrownBy(() -> new S3Settings(null, "a", "b", null, null, null))
                .hasMessageContaining("streamtune.s3.endpoint");
    }
}
