package io.streamtune.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The JSON Schemas under {@code src/main/resources/schemas/} are generated from the records; this test regenerates
 * them and fails when a committed file drifted from its record. To rewrite them after changing a record:
 * {@code ./mvnw -pl contracts test -Dtest=JsonSchemasTest -Dstreamtune.schemas.write=true}.
 */
class JsonSchemasTest {

    static final Map<String, Class<?>> SCHEMAS = Map.of(
            "labelled-example", LabelledExample.class,
            "model-spec", ModelSpec.class,
            "checkpoint-created", CheckpointCreated.class,
            "checkpoint-evaluated", CheckpointEvaluated.class,
            "model-promoted", ModelPromoted.class,
            "checkpoint-manifest", CheckpointManifest.class,
            "champion-pointer", ChampionPointer.class,
            "monitoring-report", MonitoringReport.class,
            "source-quarantined", SourceQuarantined.class);

    static final Path DIR = Path.of("src/main/resources/schemas");

    static JsonNode generate(Class<?> type) {
        SchemaGeneratorConfigBuilder builder = new SchemaGeneratorConfigBuilder(EventJson.mapper(),
                SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(JacksonOption.RESPECT_JSONPROPERTY_REQUIRED,
                        JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE))
                .with(Option.DEFINITIONS_FOR_ALL_OBJECTS);
        builder.forTypesInGeneral().withStringFormatResolver(scope ->
                scope.getType().isInstanceOf(Instant.class) ? "date-time" : null);
        ObjectNode schema = new SchemaGenerator(builder.build()).generateSchema(type);
        schema.put("$id", "https://streamtune.io/schemas/" + type.getSimpleName() + ".json");
        schema.put("title", type.getSimpleName());
        return schema;
    }

    @TestFactory
    List<DynamicTest> committedSchemasMatchTheRecords() {
        boolean write = Boolean.getBoolean("streamtune.schemas.write");
        return SCHEMAS.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> DynamicTest.dynamicTest(
                e.getKey(), () -> {
                    String expected = EventJson.mapper().writerWithDefaultPrettyPrinter()
                            .writeValueAsString(generate(e.getValue())) + "\n";
                    Path file = DIR.resolve(e.getKey() + ".schema.json");
                    if (write) {
                        Files.createDirectories(DIR);
                        Files.writeString(file, expected, StandardCharsets.UTF_8);
                    }
                    assertThat(file).as("schema file for %s (regenerate with -Dstreamtune.schemas.write=true)",
                            e.getValue().getSimpleName()).exists();
                    assertThat(Files.readString(file)).as("%s drifted from %s; regenerate with "
                            + "-Dstreamtune.schemas.write=true", file, e.getValue().getSimpleName()).isEqualTo(expected);
                })).toList();
    }

    @TestFactory
    List<DynamicTest> samplesHaveEverySchemaProperty() {
        Map<Class<?>, Object> samples = Map.of(LabelledExample.class, Samples.example(), ModelSpec.class,
                Samples.spec(), CheckpointCreated.class, Samples.checkpointCreated(), CheckpointEvaluated.class,
                Samples.checkpointEvaluated(), ModelPromoted.class, Samples.modelPromoted(),
                CheckpointManifest.class, Samples.manifest(), ChampionPointer.class, Samples.pointer(),
                MonitoringReport.class, Samples.monitoringReport(), SourceQuarantined.class,
                Samples.sourceQuarantined());
        return samples.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey().getSimpleName(), () -> {
            JsonNode schema = generate(e.getKey());
            JsonNode json = EventJson.mapper().valueToTree(e.getValue());
            List<String> props = new java.util.ArrayList<>();
            schema.get("properties").fieldNames().forEachRemaining(props::add);
            List<String> present = new java.util.ArrayList<>();
            json.fieldNames().forEachRemaining(present::add);
            assertThat(present).as("JSON fields of %s vs schema properties", e.getKey().getSimpleName())
                    .containsExactlyInAnyOrderElementsOf(props);
        })).toList();
    }
}
