package io.streamtune.ingest.rest;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The OpenAPI document's header and the API key scheme (also accepted as {@code X-API-Key}). */
@OpenAPIDefinition(info = @Info(title = "Streamtune ingest", version = "1",
        description = "Hands labelled feedback to Streamtune: validated against the model's spec, split "
                + "deterministically into train and held-out, answered only once Kafka has it."))
@SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "Authorization: Bearer <key> (or the header X-API-Key: <key>)", in = SecuritySchemeIn.HEADER)
public class IngestApi extends Application {
}
