package io.streamtune.kit.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Optional;

/**
 * Resolves a presented key through the service's {@link KeyDirectory}: a known key becomes its principal with its
 * roles and attributes, an unknown one fails authentication (401). A service without a directory knows no key.
 */
@ApplicationScoped
public class KeyIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final Instance<KeyDirectory> directory;

    KeyIdentityProvider(Instance<KeyDirectory> directory) {
        this.directory = directory;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext ctx) {
        if (!KeyAuthenticationMechanism.TOKEN_TYPE.equals(request.getToken().getType())) {
            return Uni.createFrom().optional(Optional.empty());
        }
        var found = directory.isResolvable() ? directory.get().lookup(request.getToken().getToken())
                : Optional.<KeyDirectory.KeyPrincipal>empty();
        if (found.isEmpty()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("the key is not valid"));
        }
        KeyDirectory.KeyPrincipal p = found.get();
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(p.name())).addRoles(p.roles()).addCredential(request.getToken());
        p.attributes().forEach(identity::addAttribute);
        return Uni.createFrom().item(identity.build());
    }
}
