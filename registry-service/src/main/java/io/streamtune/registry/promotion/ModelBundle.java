package io.streamtune.registry.promotion;

import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.EventJson;
import io.streamtune.model.checkpoint.CheckpointIO;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.VersionManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The one artifact an app downloads: {@code model.zip} holding every file of the checkpoint (verified against its
 * manifest on the way), {@code evaluation.json} and {@code checkpoint-manifest.json} (lineage, labels, SHA-256 of
 * each file). Built at promotion time and stored in the version folder before {@code version.json}. The bytes depend
 * only on the checkpoint, its base and the report (entries in manifest order, stamped with the checkpoint's time), so
 * two instances racing on the same promotion upload the same file.
 *
 * <p>Self-contained: when the checkpoint is a delta (only the trained layers and the head, referring to the
 * pretrained weights by their SHA-256), its {@code model/weights.safetensors} and {@code model/model.json} are
 * replaced in the zip by the assembled full model (base + fine-tuned weights), so an app never needs the base. The
 * manifest entry keeps describing the checkpoint as stored (its hashes are those of the delta's files).
 */
public final class ModelBundle implements AutoCloseable {

    public static final String FILE_NAME = "model.zip";
    public static final String MANIFEST_ENTRY = "checkpoint-manifest.json";
    /** Where a trainer checkpoint keeps the model's files. */
    static final String MODEL_DIR = "model/";

    /** Base weights fetched once per registry process (~90 MB for MiniLM). */
    private static final Path BASES = Path.of(System.getProperty("java.io.tmpdir"), "streamtune-registry-bases");

    private final Path workDir;
    private final Path zip;

    private ModelBundle(Path workDir, Path zip) {
        this.workDir = workDir;
        this.zip = zip;
    }

    /**
     * Downloads the checkpoint and zips it with the report.
     *
     * @throws io.streamtune.storage.NotFoundException when the checkpoint has no manifest
     * @throws io.streamtune.storage.CorruptArtifactException when a file is missing or differs from the manifest
     */
    public static ModelBundle build(ArtifactStore store, String model, String checkpointId, byte[] evaluationReport) {
        Path work = null;
        try {
            work = Files.createTempDirectory("registry-bundle-");
            Path files = Files.createDirectories(work.resolve("files"));
            CheckpointManifest manifest = store.downloadCheckpoint(model, checkpointId, files);
            Path modelDir = files.resolve(MODEL_DIR);
            if (Files.isRegularFile(modelDir.resolve(CheckpointIO.MODEL_JSON)) && CheckpointIO.isDelta(modelDir)) {
                Path assembled = work.resolve("assembled");
                CheckpointIO.assemble(modelDir, sha -> store.base(sha, BASES), assembled);
                for (String name : new String[] {CheckpointIO.MODEL_JSON, CheckpointIO.WEIGHTS}) {
                    Files.move(assembled.resolve(name), modelDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path zip = work.resolve(FILE_NAME);
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
                out.setLevel(Deflater.BEST_SPEED); // weights barely compress; speed matters more
                LocalDateTime stamp = LocalDateTime.ofInstant(manifest.createdAt(), ZoneOffset.UTC);
                for (CheckpointManifest.FileEntry f : manifest.files()) {
                    entry(out, f.path(), stamp, files.resolve(f.path()));
                }
                entry(out, VersionManifest.EVALUATION_FILE, stamp, evaluationReport);
                entry(out, MANIFEST_ENTRY, stamp, EventJson.write(manifest));
            }
            return new ModelBundle(work, zip);
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

    public Path file() {
        return zip;
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
