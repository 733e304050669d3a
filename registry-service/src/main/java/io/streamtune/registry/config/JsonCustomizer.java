package io.streamtune.registry.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.streamtune.contracts.EventJson;
import jakarta.inject.Singleton;

/** The REST layer speaks the same JSON as the topics: ISO-8601 instants, unknown fields ignored. */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        EventJson.configure(mapper);
    }
}
