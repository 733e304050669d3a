package io.streamtune.ingest.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.streamtune.contracts.EventJson;
import jakarta.inject.Singleton;

/** Quarkus' mapper writes what the rest of Streamtune writes (ISO-8601 instants, unknown fields ignored). */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        EventJson.configure(mapper);
    }
}
