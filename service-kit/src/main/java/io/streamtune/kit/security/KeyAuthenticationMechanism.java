package io.streamtune.kit.security;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;

/**
 * The services' one authentication mechanism: a key sent as {@code Authorization: Bearer <key>}, or in
 * {@code X-API-Key} / {@code X-Admin-Key}, becomes a token request that {@link KeyIdentityProvider} resolves through
 * the service's {@link KeyDirectory} into a principal with roles. No key means an anonymous caller (public
 * endpoints stay open; {@code @RolesAllowed} ones answer 401 with a Bearer challenge).
 */
@ApplicationScoped
public class KeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    public static final String API_KEY_HEADER = "X-API-Key";
    public static final String ADMIN_KEY_HEADER = "X-Admin-Key";
    static final String TOKEN_TYPE = "streamtune-key";
    private static final String BEARER = "bearer ";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String key = presentedKey(context.request().getHeader(HttpHeaders.AUTHORIZATION),
                context.request().getHeader(API_KEY_HEADER), context.request().getHeader(ADMIN_KEY_HEADER));
        if (key == null) {
            return Uni.createFrom().optional(Optional.empty());
        }
        return identities.authenticate(new TokenAuthenticationRequest(new TokenCredential(key, TOKEN_TYPE)));
    }

    /** {@code Authorization: Bearer <key>} first, then {@code X-API-Key}, then {@code X-Admin-Key}; null when none. */
    public static String presentedKey(String authorization, String apiKey, String adminKey) {
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String key = authorization.substring(BEARER.length()).strip();
            return key.isEmpty() ? null : key;
        }
        for (String header : new String[] {apiKey, adminKey}) {
            if (header != null && !header.isBlank()) {
                return header.strip();
            }
        }
        return null;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate",
                "Bearer realm=\"streamtune\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION,
                "bearer"));
    }
}
