package io.streamtune.registry.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelSpec;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes model specs on the compacted {@code streamtune.models} (key = model name). */
@ApplicationScoped
public class SpecPublisher {

    private final MutinyEmitter<byte[]> emitter;

    public SpecPublisher(@Channel(Channels.MODELS) MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public void publish(ModelSpec spec) {
        KafkaSend.send(emitter, "the spec of " + spec.name(), spec.name(), EventJson.write(spec));
    }
}
