package io.streamtune.registry.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.FineTuneMode;
import io.streamtune.storage.ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Models and checkpoints the way the other services would make them. */
public final class TestModels {

    /** The dev/test admin key (its SHA-256 is in application.properties under %test). */
    public static final String ADMIN_KEY = "admin-key";
    private static final Random RANDOM = new Random();

    private TestModels() {
    }

    /** A model name no other test (or earlier run on the same servers) uses. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + Long.toString(Math.abs(RANDOM.nextLong()), 36);
    }

    /** Defines a model through the API with a policy: min macro-F1 0.6, min delta 0.01, max forgetting 0.05. */
    public static void define(String name) {
        define(name, "");
    }

    /** As {@link #define(String)}, with more fields of the promotion policy (JSON members, e.g. autoRollback). */
    public static void define(String name, String morePolicy) {
        given().header("X-Admin-Key", ADMIN_KEY).contentType(ContentType.JSON)
                .body("{\"labels\":{\"open\":false,\"values\":[\"ham\",\"spam\"]},"
                        + "\"promotion\":{\"minMacroF1\":0.6,\"minDelta\":0.01,\"maxForgetting\":0.05,"
                        + "\"minEvaluated\":100" + (morePolicy.isEmpty() ? "" : "," + morePolicy) + "}}")
                .put("/api/v1/models/" + name).then().statusCode(201);
    }

    /** Writes a small fake checkpoint (the registry never reads weights) and returns its manifest. */
    public static CheckpointManifest checkpoint(ArtifactStore store, String model, String id, String parent,
            long step) {
        try {
            Path dir = Files.createTempDirectory("ck-");
            Files.writeString(dir.resolve("weights.bin"), "weights of " + id);
            Files.writeString(dir.resolve("labels.json"), "[\"ham\",\"spam\"]");
            Files.createDirectories(dir.resolve("replay"));
            Files.writeString(dir.resolve("replay/buffer.bin"), "buffer of " + id);
            // the trainer's own state, as a real checkpoint names it: in the version, never in its model.zip
            Files.writeString(dir.resolve("replay.bin"), "replayed examples of " + id);
            Files.writeString(dir.resolve("ledger.json"), "{}");
            CheckpointManifest draft = new CheckpointManifest(0, model, id, parent, null, step, step * 16,
                    Map.of(0, (step - 1) * 16), Map.of(0, step * 16), null, 0.4, "all-minilm-l6-v2",
                    FineTuneMode.TOP_K, List.of("ham", "spam"), null, null);
            return store.writeCheckpoint(draft, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
