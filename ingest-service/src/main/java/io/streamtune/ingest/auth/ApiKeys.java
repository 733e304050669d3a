package io.streamtune.ingest.auth;

import io.quarkus.runtime.Startup;
import io.streamtune.contracts.Rules;
import io.streamtune.ingest.config.IngestConfig;
import io.streamtune.kit.security.KeyDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The configured API keys, held only as SHA-256 digests: ingest's key directory for the service kit's
 * authentication mechanism. A presented key is hashed and compared with every digest in constant time; neither the
 * key nor its digest is ever logged. A known key is the principal named after it, with the role {@value #ROLE} and
 * the key itself (the models it may write) as the identity's attribute {@value #ATTRIBUTE}.
 */
@Startup
@ApplicationScoped
public class ApiKeys implements KeyDirectory {

    public static final String ROLE = "writer";
    public static final String ATTRIBUTE = "streamtune.api-key";

    private static final Logger LOG = Logger.getLogger(ApiKeys.class);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private final List<Entry> entries;

    @Inject
    public ApiKeys(IngestConfig config) {
        this(config.apiKeys());
    }

    ApiKeys(Map<String, IngestConfig.ApiKey> configured) {
        List<Entry> list = new ArrayList<>();
        configured.forEach((name, key) -> list.add(entry(name, key)));
        this.entries = List.copyOf(list);
        if (entries.isEmpty()) {
            LOG.warn("No API keys are configured (streamtune.ingest.api-keys.\"<name>\".sha256): every write gets 401");
        } else {
            LOG.infof("%d API key(s) configured: %s", entries.size(), entries.stream().map(e -> e.key.name()).toList());
        }
    }

    @Override
    public Optional<KeyPrincipal> lookup(String presentedKey) {
        return authenticate(presentedKey).map(k -> new KeyPrincipal(k.name(), Set.of(ROLE), Map.of(ATTRIBUTE, k)));
    }

    /** The key whose digest matches the presented plaintext, if any. */
    public Optional<ApiKey> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        ApiKey found = null;
        for (Entry e : entries) {
            // no early exit: the time taken does not depend on which key matched
            if (MessageDigest.isEqual(digest, e.digest)) {
                found = e.key;
            }
        }
        return Optional.ofNullable(found);
    }

    public static byte[] sha256(String plaintext) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(plaintext.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static Entry entry(String name, IngestConfig.ApiKey key) {
        if (name.isBlank() || name.length() > Rules.MAX_ID_CHARS) {
            throw new IllegalArgumentException("API key name '" + name + "' must be 1.." + Rules.MAX_ID_CHARS
                    + " chars (it becomes the examples' source).");
        }
        if (!SHA256_HEX.matcher(key.sha256()).matches()) {
            throw new IllegalArgumentException("streamtune.ingest.api-keys.\"" + name
                    + "\".sha256 must be 64 hex digits (the SHA-256 of the key), not the key itself.");
        }
        if (key.models().isEmpty()) {
            throw new IllegalArgumentException("streamtune.ingest.api-keys.\"" + name
                    + "\".models must list the models the key may write, or '*'.");
        }
        return new Entry(new ApiKey(name, new HashSet<>(key.models())), HexFormat.of().parseHex(key.sha256()));
    }

    private record Entry(ApiKey key, byte[] digest) {
    }
}
