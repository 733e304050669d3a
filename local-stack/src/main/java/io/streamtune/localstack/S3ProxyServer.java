package io.streamtune.localstack;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An S3-compatible server (S3Proxy) on 127.0.0.1, storing objects as files under {@code data/} so they survive a
 * restart. Requests must be signed (AWS signature v2 or v4) with the given access key and secret key.
 */
public final class S3ProxyServer extends ChildServer {

    private static final int CHECK_TIMEOUT_MILLIS = 2_000;

    private final int port;
    private final String accessKey;
    private final String secretKey;

    /**
     * @param dir         holds {@code s3proxy.conf}, the buckets under {@code data/}, the log and pid files
     * @param port        the HTTP port
     * @param watchParent halt the server when this JVM exits (tests), or let it outlive this JVM (CLI)
     */
    public S3ProxyServer(Path dir, int port, String accessKey, String secretKey, boolean watchParent) {
        super("s3proxy", dir, watchParent);
        this.port = Ports.checkPort("The S3 port", port);
        this.accessKey = requireText("The S3 access key", accessKey);
        this.secretKey = requireText("The S3 secret key", secretKey);
    }

    /** A random secret key: 32 hex digits. */
    public static String newSecretKey() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The S3 endpoint URL, path-style. */
    public String endpoint() {
        return "http://" + Ports.LOOPBACK + ":" + port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String address() {
        return endpoint();
    }

    @Override
    protected Path configFile() {
        return dir().resolve("s3proxy.conf");
    }

    @Override
    protected void prepare() throws IOException {
        Path data = Files.createDirectories(dir().resolve("data"));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("s3proxy.endpoint", endpoint());
        p.put("s3proxy.authorization", "aws-v2-or-v4");
        p.put("s3proxy.identity", accessKey);
        p.put("s3proxy.credential", secretKey);
        p.put("jclouds.provider", "filesystem-nio2");
        p.put("jclouds.filesystem.basedir", data.toString());
        PropertiesFile.write(configFile(), "Written by local-stack at each start", p);
    }

    @Override
    protected List<String> jvmOptions() {
        return List.of("-Xmx256m", C1_ONLY);
    }

    @Override
    protected List<Path> classpath() {
        return List.of(ServerArtifacts.s3ProxyJar());
    }

    @Override
    protected String mainClass() {
        return "org.gaul.s3proxy.Main";
    }

    @Override
    protected List<String> arguments() {
        return List.of("--properties", configFile().toString());
    }

    /** S3Proxy answers HTTP (an unsigned request gets an S3 error document, which is enough). */
    @Override
    protected boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
            connection.setConnectTimeout(CHECK_TIMEOUT_MILLIS);
            connection.setReadTimeout(CHECK_TIMEOUT_MILLIS);
            try {
                return connection.getResponseCode() > 0;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static String requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank.");
        }
        return value;
    }
}
