package io.streamtune.ingest.raw;

import io.streamtune.contracts.Topics;
import io.streamtune.ingest.config.IngestConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A raw feedback topic, {@code streamtune.raw.<model>.<source>}: whose examples of which model it carries. */
public record RawTopic(String topic, String model, String source) {

    public static RawTopic of(String model, String source) {
        return new RawTopic(Topics.raw(model, source), model, source);
    }

    /**
     * One topic per configured (source, model), in a stable order; a bad source or model name fails here with a
     * message naming it (a {@code ContractViolationException}), so a misconfigured ingest does not start.
     */
    public static List<RawTopic> configured(Map<String, IngestConfig.RawSource> sources) {
        List<RawTopic> out = new ArrayList<>();
        new TreeMap<>(sources).forEach((source, s) -> s.models().stream().map(String::strip).filter(m -> !m.isEmpty())
                .distinct().sorted().forEach(model -> out.add(of(model, source))));
        return List.copyOf(out);
    }
}
