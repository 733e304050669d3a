package io.streamtune.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model registry seen from an app that serves its models: the current champion, a version's serving files
 * downloaded into a verified local cache, and the champion's moves as they happen.
 *
 * <pre>{@code
 * try (RegistryClient registry = RegistryClient.builder(URI.create("http://localhost:8084")).build()) {
 *     Champion c = registry.champion("spam").orElseThrow();
 *     try (OnnxModel model = registry.download("spam", c.version()).load()) { ... }
 * }
 * }</pre>
 *
 * <p>The cache. A version's files go to {@code <cacheDir>/<registry host>_<port>/<model>/<version>/}: downloaded into
 * a fresh staging folder beside it, each file's size and SHA-256 checked as it streams against what the registry
 * listed, a sidecar {@value #VERIFIED} written with those sizes and hashes, and only then the whole folder moved into
 * place atomically. A mismatch throws {@link CorruptDownloadException} and deletes the staging folder, so the cache
 * never holds a partial or unverified version. A cache hit asks the registry nothing: it re-hashes the files against
 * the sidecar (a version's files never change), and a folder that fails that is deleted and downloaded again. Concurrent
 * downloads of one version (threads or processes) all succeed, the later ones using the first folder moved in place;
 * a staging folder over an hour old, left by a process that died mid-download, is deleted by the next download.
 *
 * <p>Errors. A 503 (the registry's store is down) is retried up to {@code maxRetries} times after its
 * {@code Retry-After} (capped by {@code maxRetryWait}), and so is a failed connection; what remains is a
 * {@link RegistryException}, {@link RegistryException.NotFound} for an unknown model or version. Thread-safe.
 */
public final class RegistryClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryClient.class);

    /** The sidecar a verified version folder holds: each file's size and SHA-256. */
    public static final String VERIFIED = ".streamtune-verified.json";
    /** The problem code of the registry's 404 for a model that has no champion yet. */
    static final String NO_CHAMPION = "no_champion";

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    static final ObjectMapper JSON = new ObjectMapper();

    private final URI registry;
    private final Path cacheDir;
    private final OkHttpClient http;
    private final OkHttpClient events;
    private final int maxRetries;
    private final Duration maxRetryWait;
    private final Duration reconnectMin;
    private final Duration reconnectMax;
    private final java.util.Set<EventSubscription> subscriptions = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private RegistryClient(Builder b) {
        registry = b.registry;
        cacheDir = b.cacheDir;
        http = new OkHttpClient.Builder()
                .connectTimeout(b.connectTimeout)
                .readTimeout(b.readTimeout)
                .retryOnConnectionFailure(true)
                .build();
        // each subscription holds one async call for as long as it runs: okhttp's default of 5 per host is too few
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(1024);
        dispatcher.setMaxRequestsPerHost(1024);
        // the event stream sends a keep-alive comment every 15 s: a stream silent for longer than this is dead
        events = http.newBuilder().dispatcher(dispatcher).readTimeout(b.eventsReadTimeout).build();
        maxRetries = b.maxRetries;
        maxRetryWait = b.maxRetryWait;
        reconnectMin = b.reconnectMin;
        reconnectMax = b.reconnectMax;
    }

    /** A builder for the registry at {@code registry} (e.g. {@code http://localhost:8084}). */
    public static Builder builder(URI registry) {
        return new Builder(registry);
    }

    /** The registry's base URI. */
    public URI registry() {
        return registry;
    }

    /** The folder this registry's versions are cached under: {@code <cacheDir>/<host>_<port>}. */
    public Path cacheRoot() {
        int port = registry.getPort() >= 0 ? registry.getPort() : "https".equalsIgnoreCase(registry.getScheme()) ? 443 : 80;
        return cacheDir.resolve(safe(registry.getHost(), "registry host") + "_" + port);
    }

    /**
     * The model's current champion, or empty when the model has none yet.
     *
     * @throws RegistryException.NotFound when the registry does not know the model
     * @throws RegistryException          on any other error, after the retries
     */
    public Optional<Champion> champion(String model) {
        try {
            return Optional.of(champion(getJson(api(model, "champion"))));
        } catch (RegistryException.NotFound e) {
            // the registry's code says "known model, no champion yet"; before it had one, only the detail did
            if (NO_CHAMPION.equals(e.code())
                    || e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("no champion")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The serving files of {@code version} of {@code model}, from the cache when there (and still intact), else
     * downloaded and verified into it.
     *
     * @throws CorruptDownloadException when a downloaded file's size or SHA-256 is not the registry's
     * @throws RegistryException        when the registry or the download URL fails
     * @throws IOException              when the cache cannot be written
     */
    public ServingFiles download(String model, int version) throws IOException {
        Path dir = cacheRoot().resolve(safe(model, "model")).resolve(Integer.toString(version));
        Optional<ServingFiles> cached = cached(dir);
        if (cached.isPresent()) {
            return cached.get();
        }
        JsonNode body = getJson(api(model, "versions/" + version));
        ModelVersion mv = new ModelVersion(model, body.path("version").asInt(version), text(body, "checkpointId"));
        if (mv.version() != version) {
            throw new RegistryException("asked for version " + version + " of " + model + ", the registry answered "
                    + mv.version(), 200, null, null);
        }
        if ("linear".equals(body.path("family").asText())) {
            throw new RegistryException(mv + " is a linear-family version (hashed TF-IDF + logistic regression, a "
                    + "challenger the spec made promotable): it has no ONNX serving files for this client; its "
                    + "model.zip holds model/linear.json (the hashing recipe) and model/linear.safetensors", 200, null,
                    null);
        }
        return store(dir, mv, servingFiles(body));
    }

    /**
     * Follows the model's champion: {@code listener} is told the current state on connect, then each promotion and
     * rollback, each generation above {@code afterGeneration} once and in order. The stream reconnects by itself with
     * a capped exponential backoff, sending {@code Last-Event-ID}; the server re-sends the current state on every
     * connect, so nothing is missed while disconnected (moves in between collapse into the latest).
     */
    public Subscription subscribe(String model, long afterGeneration, ChampionListener listener) {
        HttpUrl url = HttpUrl.get(api(model, "events"));
        EventSubscription s = new EventSubscription(events, url, afterGeneration, listener, reconnectMin, reconnectMax,
                subscriptions::remove);
        subscriptions.add(s);
        s.start();
        return s;
    }

    /** {@link #subscribe(String, long, ChampionListener)} from the start: the first state is always told. */
    public Subscription subscribe(String model, ChampionListener listener) {
        return subscribe(model, Long.MIN_VALUE, listener);
    }

    /** Closes the subscriptions still open, then the HTTP clients. */
    @Override
    public void close() {
        for (EventSubscription s : List.copyOf(subscriptions)) {
            s.close();
        }
        events.dispatcher().executorService().shutdown();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    // ---- HTTP ------------------------------------------------------------------------------

    private URI api(String model, String tail) {
        String base = registry.toString().replaceAll("/+$", "");
        return URI.create(base + "/api/v1/models/" + safe(model, "model") + "/" + tail);
    }

    /** GET with the retries; 200 → the body as JSON, anything else → RegistryException. */
    private JsonNode getJson(URI uri) {
        Request request = new Request.Builder().url(HttpUrl.get(uri)).header("Accept", "application/json").build();
        for (int attempt = 0; ; attempt++) {
            Duration wait;
            String why;
            try (Response r = http.newCall(request).execute()) {
                ResponseBody body = r.body();
                String text = body.string();
                if (r.code() == 200) {
                    return JSON.readTree(text);
                }
                if (r.code() != 503 && r.code() != 502 && r.code() != 504) {
                    throw problem(uri, r.code(), text);
                }
                wait = retryAfter(r.header("Retry-After"));
                why = r.code() + " " + firstLine(text);
                if (attempt >= maxRetries) {
                    throw new RegistryException("GET " + uri + " answered " + why + " " + (attempt + 1)
                            + " times; giving up", r.code(), code(text), null);
                }
            } catch (InterruptedIOException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException("GET " + uri + " interrupted", 0, null, e);
            } catch (IOException e) {
                if (attempt >= maxRetries) {
                    throw new RegistryException("GET " + uri + " failed " + (attempt + 1) + " times: " + e, 0, null, e);
                }
                wait = backoff(attempt);
                why = e.toString();
            }
            LOG.warn("GET {}: {}; retry {}/{} in {} ms", uri, why, attempt + 1, maxRetries, wait.toMillis());
            sleep(wait);
        }
    }

    private RegistryException problem(URI uri, int status, String text) {
        String detail = firstLine(text);
        String code = null;
        try {
            JsonNode p = JSON.readTree(text);
            detail = p.hasNonNull("detail") ? p.get("detail").asText() : p.path("title").asText(detail);
            code = text(p, "code");
        } catch (IOException | RuntimeException e) {
            // not JSON: the first line is the message
        }
        String message = "GET " + uri + " → " + status + ": " + detail;
        return status == 404 ? new RegistryException.NotFound(detail, code)
                : new RegistryException(message, status, code, null);
    }

    private static String code(String text) {
        try {
            return text(JSON.readTree(text), "code");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Retry-After in seconds or as an HTTP date, capped; 1 s when absent or unreadable. */
    private Duration retryAfter(String header) {
        Duration d = Duration.ofSeconds(1);
        if (header != null) {
            try {
                d = Duration.ofSeconds(Long.parseLong(header.trim()));
            } catch (NumberFormatException e) {
                try {
                    d = Duration.between(Instant.now(),
                            ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                } catch (DateTimeParseException ignored) {
                    // keep the default
                }
            }
        }
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        return d.compareTo(maxRetryWait) > 0 ? maxRetryWait : d;
    }

    private Duration backoff(int attempt) {
        Duration d = Duration.ofMillis(250L << Math.min(attempt, 10));
        return d.compareTo(maxRetryWait) > 0 ? maxRetryWait : d;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while waiting to retry", 0, null, e);
        }
    }

    // ---- JSON ------------------------------------------------------------------------------

    static Champion champion(JsonNode b) {
        Instant since = null;
        String s = text(b, "since");
        if (s != null) {
            try {
                since = Instant.parse(s);
            } catch (DateTimeParseException e) {
                since = null;
            }
        }
        return new Champion(b.path("model").asText(), b.path("version").asInt(), text(b, "checkpointId"),
                b.path("generation").asLong(), since, servingFiles(b));
    }

    static List<ServingFile> servingFiles(JsonNode body) {
        List<ServingFile> out = new ArrayList<>();
        for (JsonNode f : body.path("serving")) {
            String expires = text(f, "expiresAt");
            Instant at = null;
            if (expires != null) {
                try {
                    at = Instant.parse(expires);
                } catch (DateTimeParseException e) {
                    at = null;
                }
            }
            out.add(new ServingFile(f.path("file").asText(), URI.create(f.path("url").asText()), at,
                    f.path("size").asLong(-1), f.path("sha256").asText("").toLowerCase(Locale.ROOT)));
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String firstLine(String text) {
        String t = text == null ? "" : text.strip();
        int nl = t.indexOf('\n');
        t = nl < 0 ? t : t.substring(0, nl);
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }

    /** A name used as a path segment, refused unless plain (no separators, no dots first). */
    private static String safe(String name, String what) {
        Objects.requireNonNull(name, what);
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a plain name ([A-Za-z0-9._-])");
        }
        return name;
    }

    // ---- cache -----------------------------------------------------------------------------

    /** The version folder when its sidecar's sizes and hashes still hold; a folder that fails is deleted. */
    private Optional<ServingFiles> cached(Path dir) throws IOException {
        Path sidecar = dir.resolve(VERIFIED);
        if (!Files.isRegularFile(sidecar)) {
            if (Files.exists(dir)) {
                LOG.warn("{} has no {}: not a verified download, deleting it", dir, VERIFIED);
                deleteTree(dir);
            }
            return Optional.empty();
        }
        try {
            JsonNode v = JSON.readTree(sidecar.toFile());
            for (JsonNode f : v.path("files")) {
                Path file = dir.resolve(safe(f.path("file").asText(), "file"));
                long size = f.path("size").asLong();
                if (!Files.isRegularFile(file) || Files.size(file) != size) {
                    throw new CorruptDownloadException(file + " is missing or not " + size + " bytes");
                }
                String sha;
                try (InputStream in = Files.newInputStream(file)) {
                    sha = sha256(in, OutputStream.nullOutputStream(), Long.MAX_VALUE).sha256;
                }
                if (!sha.equals(f.path("sha256").asText())) {
                    throw new CorruptDownloadException(file + " has SHA-256 " + sha + ", verified as "
                            + f.path("sha256").asText());
                }
            }
            ModelVersion mv = new ModelVersion(v.path("model").asText(), v.path("version").asInt(),
                    text(v, "checkpointId"));
            LOG.debug("cache hit: {}", dir);
            return Optional.of(new ServingFiles(dir, mv));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cached {} failed verification ({}); downloading it again", dir, e.getMessage());
            deleteTree(dir);
            return Optional.empty();
        }
    }

    private ServingFiles store(Path dir, ModelVersion mv, List<ServingFile> files) throws IOException {
        for (String needed : OnnxModel.FILES) {
            if (files.stream().noneMatch(f -> f.file().equals(needed))) {
                throw new RegistryException(mv + ": the registry lists no " + needed + " among its serving files", 200,
                        null, null);
            }
        }
        Files.createDirectories(dir.getParent());
        deleteStaleStaging(dir);
        Path staging = Files.createTempDirectory(dir.getParent(), "." + dir.getFileName() + ".download-");
        boolean done = false;
        try {
            ArrayNode verified = JSON.createArrayNode();
            for (ServingFile f : files) {
                Path target = staging.resolve(safe(f.file(), "file"));
                fetch(f, target);
                verified.addObject().put("file", f.file()).put("size", f.size()).put("sha256", f.sha256());
            }
            ObjectNode sidecar = JSON.createObjectNode().put("model", mv.model()).put("version", mv.version())
                    .put("checkpointId", mv.checkpointId()).put("registry", registry.toString())
                    .put("verifiedAt", Instant.now().toString());
            sidecar.set("files", verified);
            JSON.writerWithDefaultPrettyPrinter().writeValue(staging.resolve(VERIFIED).toFile(), sidecar);
            try {
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
                done = true;
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot move " + staging + " to " + dir + " atomically", e);
            } catch (FileSystemException e) {
                // rename(2) onto a folder that another thread or process filled meanwhile (ENOTEMPTY, EEXIST):
                // use its copy if it holds up
                if (!Files.exists(dir)) {
                    throw e;
                }
                Optional<ServingFiles> theirs = cached(dir);
                if (theirs.isPresent()) {
                    return theirs.get();
                }
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
                done = true;
            }
            LOG.info("downloaded {} into {}", mv, dir);
            return new ServingFiles(dir, mv);
        } finally {
            if (!done) {
                deleteTree(staging);
            }
        }
    }

    /** Streams one file to {@code target}, refusing it unless its size and SHA-256 are the registry's. */
    private void fetch(ServingFile f, Path target) throws IOException {
        if (f.size() < 0 || f.sha256().length() != 64) {
            throw new RegistryException(f.file() + ": the registry gave no size or SHA-256 to verify it by", 200, null,
                    null);
        }
        // a presigned URL: nothing of the registry's (headers, credentials) goes with it
        Request request = new Request.Builder().url(HttpUrl.get(f.url())).build();
        try (Response r = http.newCall(request).execute()) {
            if (r.code() != 200) {
                throw new RegistryException("download of " + f.file() + " answered " + r.code()
                        + (f.expiresAt() != null && f.expiresAt().isBefore(Instant.now()) ? " (its URL expired at "
                        + f.expiresAt() + ")" : ""), r.code(), null, null);
            }
            Hashed h;
            try (InputStream in = r.body().byteStream(); OutputStream out = Files.newOutputStream(target)) {
                h = sha256(in, out, f.size());
            }
            if (h.size != f.size()) {
                throw new CorruptDownloadException(f.file() + ": " + (h.size > f.size() ? "more than " : "") + h.size
                        + " bytes, the registry said " + f.size());
            }
            if (!h.sha256.equals(f.sha256())) {
                throw new CorruptDownloadException(f.file() + ": SHA-256 " + h.sha256 + ", the registry said "
                        + f.sha256());
            }
        }
    }

    private record Hashed(long size, String sha256) {}

    /** Copies at most {@code limit + 1} bytes (so an overlong body is caught without reading it all). */
    private static Hashed sha256(InputStream in, OutputStream out, long limit) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        long size = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            digest.update(buffer, 0, n);
            out.write(buffer, 0, n);
            size += n;
            if (size > limit) {
                break;
            }
        }
        return new Hashed(size, HexFormat.of().formatHex(digest.digest()));
    }

    /** Staging folders of this version left by a process that died mid-download (over an hour old). */
    private static void deleteStaleStaging(Path dir) {
        String prefix = "." + dir.getFileName() + ".download-";
        Instant cutoff = Instant.now().minus(Duration.ofHours(1));
        try (Stream<Path> siblings = Files.list(dir.getParent())) {
            for (Path p : siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    LOG.info("deleting {}, left by an interrupted download", p);
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", dir.getParent(), e.toString());
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", dir, e.toString());
        }
    }

    /** Settings of a {@link RegistryClient}; every one has a default. */
    public static final class Builder {
        private final URI registry;
        private Path cacheDir = Path.of(System.getProperty("user.home"), ".cache", "streamtune");
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration eventsReadTimeout = Duration.ofSeconds(45);
        private int maxRetries = 3;
        private Duration maxRetryWait = Duration.ofSeconds(30);
        private Duration reconnectMin = Duration.ofMillis(500);
        private Duration reconnectMax = Duration.ofSeconds(30);

        private Builder(URI registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            if (registry.getHost() == null) {
                throw new IllegalArgumentException("registry URI needs a host: " + registry);
            }
        }

        /** Where versions are cached; default {@code ~/.cache/streamtune}. */
        public Builder cacheDir(Path dir) {
            cacheDir = Objects.requireNonNull(dir);
            return this;
        }

        /** TCP connect timeout; default 5 s. */
        public Builder connectTimeout(Duration d) {
            connectTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** Longest silence while reading an answer or a download; default 30 s. */
        public Builder readTimeout(Duration d) {
            readTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** Longest silence on the event stream before it counts as broken (keep-alives come every 15 s); 45 s. */
        public Builder eventsReadTimeout(Duration d) {
            eventsReadTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** Retries of a 502/503/504 or a failed connection; default 3. */
        public Builder maxRetries(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxRetries < 0");
            }
            maxRetries = n;
            return this;
        }

        /** Cap on one wait between retries, whatever Retry-After says; default 30 s. */
        public Builder maxRetryWait(Duration d) {
            maxRetryWait = Objects.requireNonNull(d);
            return this;
        }

        /** The event stream's reconnect backoff: doubles from {@code min} up to {@code max}; 0.5 s to 30 s. */
        public Builder reconnectBackoff(Duration min, Duration max) {
            if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("reconnect backoff needs 0 < min <= max");
            }
            reconnectMin = min;
            reconnectMax = max;
            return this;
        }

        public RegistryClient build() {
            return new RegistryClient(this);
        }
    }
}
