package io.streamtune.registry.rest;

import io.streamtune.kit.security.KeyDirectory;
import io.streamtune.registry.config.RegistryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The registry's key directory for the service kit's authentication mechanism: the admin key's SHA-256 from config;
 * a presented key matches when its hash does (constant-time compare) and stands for the principal {@code admin} with
 * the role {@value #ROLE} that the admin calls ({@code @RolesAllowed}) need.
 */
@ApplicationScoped
public class AdminKey implements KeyDirectory {

    public static final String ROLE = "admin";

    private static final Logger LOG = Logger.getLogger(AdminKey.class);

    private final Optional<byte[]> expected;

    public AdminKey(RegistryConfig config) {
        this.expected = config.adminKeySha256().filter(s -> !s.isBlank()).map(AdminKey::parse);
        if (expected.isEmpty()) {
            LOG.warn("streamtune.registry.admin-key-sha256 is not set: admin calls (PUT models, rollback) are "
                    + "refused.");
        }
    }

    @Override
    public Optional<KeyPrincipal> lookup(String presentedKey) {
        return matches(presentedKey) ? Optional.of(new KeyPrincipal("admin", Set.of(ROLE), Map.of()))
                : Optional.empty();
    }

    public boolean matches(String presented) {
        return expected.isPresent() && presented != null
                && MessageDigest.isEqual(expected.get(), sha256(presented));
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] parse(String hex) {
        String h = hex.trim().toLowerCase(Locale.ROOT);
        if (!h.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("streamtune.registry.admin-key-sha256 must be 64 hex digits (the "
                    + "SHA-256 of the admin key, e.g. from `printf %s KEY | sha256sum`), got " + h.length()
                    + " chars.");
        }
        return HexFormat.of().parseHex(h);
    }
}
