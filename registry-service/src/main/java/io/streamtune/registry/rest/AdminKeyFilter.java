package io.streamtune.registry.rest;

import io.streamtune.kit.rest.Problem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Admin calls carry the key as {@code X-Admin-Key: <key>} or {@code Authorization: Bearer <key>}: none gives 401,
 * a wrong one 403.
 */
@AdminOnly
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AdminKeyFilter implements ContainerRequestFilter {

    public static final String HEADER = "X-Admin-Key";

    private final AdminKey key;

    public AdminKeyFilter(AdminKey key) {
        this.key = key;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String presented = presented(request);
        if (presented == null) {
            request.abortWith(Problem.of(Response.Status.UNAUTHORIZED, "unauthorized", "This call needs the admin key "
                    + "in the " + HEADER + " header (or Authorization: Bearer).").builder()
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"streamtune-registry\"").build());
        } else if (!key.matches(presented)) {
            request.abortWith(Problem.of(Response.Status.FORBIDDEN, "forbidden", key.configured()
                    ? "The admin key is not valid."
                    : "Admin calls are disabled: streamtune.registry.admin-key-sha256 is not set.").response());
        }
    }

    private static String presented(ContainerRequestContext request) {
        String header = request.getHeaderString(HEADER);
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        String auth = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && auth.length() > 7) {
            return auth.substring(7).trim();
        }
        return null;
    }
}
