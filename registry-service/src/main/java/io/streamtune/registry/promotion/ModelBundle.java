package io.streamtune.registry.promotion;

import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.model.ModelFormatException;
import io.streamtune.model.checkpoint.BaseLookup;
import io.streamtune.model.checkpoint.CheckpointIO;
import io.streamtune.model.checkpoint.ServingExport;
import io.streamtune.model.onnx.EncoderSource;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.CorruptArtifactException;
import io.streamtune.storage.VersionManifest;
import io.streamtune.features.LinearHalfFile;
import io.streamtune.training.linear.LinearHalf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The one artifact an app downloads: {@code model.zip} holding the checkpoint's model files (verified against its
 * manifest on the way; the trainer's own state, {@link #TRAINING_STATE}, stays in the version folder only), {@code
 * evaluation.json} and {@code checkpoint-manifest.json} (lineage, labels, SHA-256 of every file of the checkpoint). Built at promotion time and stored in the version folder before {@code version.json}. The bytes depend
 * only on the checkpoint, its base and the report (entries in manifest order, stamped with the checkpoint's time), so
 * two instances racing on the same promotion upload the same file.
 *
 * <p>Self-contained: when the checkpoint is a delta (only the trained layers and the head, referring to the
 * pretrained weights by their SHA-256), its {@code model/weights.safetensors} and {@code model/model.json} are
 * replaced in the zip by the assembled full model (base + fine-tuned weights), so an app never needs the base. The
 * manifest entry keeps describing the checkpoint as stored (its hashes are those of the delta's files).
 *
 * <p>Beside the zip, the files an app outside the JVM serves the model from ({@link ServingExport}: {@value #SERVING}
 * {@code model.onnx}, {@code tokenizer.json}, {@code labels.json}, written from the assembled model on the ONNX export
 * of the checkpoint's base model, and {@code linear-half.json} for a model with a linear half, {@link LinearHalfFile})
 * and {@value ModelCard#FILE_NAME}. A checkpoint without a model folder (nothing to
 * serve) gets the card only.
 */
public final class ModelBundle implements AutoCloseable {

    public static final String FILE_NAME = "model.zip";
    public static final String MANIFEST_ENTRY = "checkpoint-manifest.json";
    /** Where a trainer checkpoint keeps the model's files. */
    static final String MODEL_DIR = "model/";
    /** Where a version keeps its serving files. */
    public static final String SERVING = "serving/";
    /**
     * The serving files, as named inside {@link #SERVING}: the last, {@link LinearHalfFile#FILE}, only for a model
     * with a linear half.
     */
    public static final List<String> SERVING_FILES = List.of(ServingExport.MODEL, CheckpointIO.TOKENIZER,
            ServingExport.LABELS, LinearHalfFile.FILE);
    public static final String MODEL_CARD = ModelCard.FILE_NAME;

    /**
     * The trainer's state in a checkpoint, which an app that serves the model never needs, kept out of the zip (the
     * version folder still holds the whole checkpoint): the optimizer's moments, the replay buffer (examples of the
     * users' feedback, up to 160 MB at the default capacity), the example ids, the ledger and the loop's counters.
     * Names as {@code CheckpointState}, {@code Ledger} and {@code CheckpointIO} write them.
     */
    static final java.util.Set<String> TRAINING_STATE = java.util.Set.of("replay.bin", "trained-ids.txt.gz",
            "ledger.json", "state.json", MODEL_DIR + CheckpointIO.OPTIMIZER_STATE,
            MODEL_DIR + CheckpointIO.OPTIMIZER_JSON);

    /** Base weights fetched once per registry process (~90 MB for MiniLM). */
    private static final Path BASES = Path.of(System.getProperty("java.io.tmpdir"), "streamtune-registry-bases");

    private final Path workDir;
    private final Map<String, Path> files;

    private ModelBundle(Path workDir, Map<String, Path> files) {
        this.workDir = workDir;
        this.files = files;
    }

    /**
     * Downloads the checkpoint, zips it with the report, writes its serving files and model card.
     *
     * @param encoders the operator's encoders besides all-MiniLM-L6-v2 (name → location, see {@link EncoderSource#known})
     * @throws io.streamtune.storage.NotFoundException when the checkpoint has no manifest
     * @throws CorruptArtifactException when a file is missing or differs from the manifest, or when the model cannot
     *     be written as ONNX (it does not fit its base's export, or the base is not an encoder this registry knows)
     */
    public static ModelBundle build(ArtifactStore store, ModelSpec spec, String checkpointId, int version,
            EvaluationReport report, Map<String, String> encoders) {
        return build(store, spec, null, checkpointId, version, report, encoders);
    }

    /**
     * As {@link #build(ArtifactStore, ModelSpec, String, int, EvaluationReport, Map)}, for a checkpoint of the
     * model's {@code variant} (null: the primary). A {@code linear} family checkpoint has no ONNX to export: its
     * version carries the zip (the weights and hashing spec are small portable files) and the model card.
     */
    public static ModelBundle build(ArtifactStore store, ModelSpec spec, String variant, String checkpointId,
            int version, EvaluationReport report, Map<String, String> encoders) {
        String model = spec.name();
        byte[] evaluationReport = EventJson.write(report);
        Path work = null;
        try {
            work = Files.createTempDirectory("registry-bundle-");
            Path files = Files.createDirectories(work.resolve("files"));
            // the trainer's state (optimizer moments, replay buffer: most of a checkpoint's bytes) stays out of the
            // zip, so it is not downloaded either
            CheckpointManifest manifest = store.downloadCheckpoint(io.streamtune.contracts.Variant.lineage(model,
                    variant), checkpointId, files, path -> !TRAINING_STATE.contains(path));
            Path modelDir = files.resolve(MODEL_DIR);
            boolean hasModel = Files.isRegularFile(modelDir.resolve(CheckpointIO.MODEL_JSON));
            if (hasModel && CheckpointIO.isDelta(modelDir)) {
                Path assembled = work.resolve("assembled");
                CheckpointIO.assemble(modelDir, sha -> store.base(sha, BASES), assembled);
                for (String name : new String[] {CheckpointIO.MODEL_JSON, CheckpointIO.WEIGHTS}) {
                    Files.move(assembled.resolve(name), modelDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path zip = work.resolve(FILE_NAME);
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
                // float32 weights barely compress: deflate's search cost seconds of a promotion for a few percent
                out.setLevel(Deflater.NO_COMPRESSION);
                LocalDateTime stamp = LocalDateTime.ofInstant(manifest.createdAt(), ZoneOffset.UTC);
                for (CheckpointManifest.FileEntry f : manifest.files()) {
                    if (!TRAINING_STATE.contains(f.path())) {
                        entry(out, f.path(), stamp, files.resolve(f.path()));
                    }
                }
                entry(out, VersionManifest.EVALUATION_FILE, stamp, evaluationReport);
                entry(out, MANIFEST_ENTRY, stamp, EventJson.write(manifest));
            }
            Map<String, Path> derived = new LinkedHashMap<>();
            derived.put(FILE_NAME, zip);
            if (hasModel) {
                Path serving = work.resolve("serving");
                // the assembled model holds every weight, so no base lookup is needed
                ServingExport.write(modelDir, BaseLookup.none(), EncoderSource.known(manifest.baseModel(), encoders),
                        serving);
                Optional<Path> blended = LinearHalf.folderIn(modelDir);
                if (blended.isPresent()) {
                    LinearHalf.load(blended.get()).writeServing(serving.resolve(LinearHalfFile.FILE));
                }
                for (String f : SERVING_FILES) {
                    if (Files.isRegularFile(serving.resolve(f))) {
                        derived.put(SERVING + f, serving.resolve(f));
                    }
                }
            }
            Path card = work.resolve(MODEL_CARD);
            Files.writeString(card, ModelCard.render(version, spec, manifest, report));
            derived.put(MODEL_CARD, card);
            return new ModelBundle(work, derived);
        } catch (ModelFormatException | IllegalArgumentException e) { // no ONNX export of this model can be made
            delete(work);
            throw new CorruptArtifactException("Checkpoint " + checkpointId + " of " + model + " cannot be written "
                    + "as ONNX: " + e.getMessage(), e);
        } catch (IOException e) {
            delete(work);
            throw new UncheckedIOException("Cannot build the bundle of " + model + "/" + checkpointId, e);
        } catch (RuntimeException e) {
            delete(work);
            throw e;
        }
    }

    private static void entry(ZipOutputStream out, String name, LocalDateTime stamp, byte[] data)
            throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(stamp);
        out.putNextEntry(e);
        out.write(data);
        out.closeEntry();
    }

    /** Path in the version folder → local file: the zip, the serving files, the model card. */
    public Map<String, Path> files() {
        return files;
    }

    @Override
    public void close() {
        delete(workDir);
    }

    private static void entry(ZipOutputStream out, String name, LocalDateTime stamp, Path file) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(stamp);
        out.putNextEntry(e);
        Files.copy(file, out);
        out.closeEntry();
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp folder left behind is harmless
        }
    }
}
