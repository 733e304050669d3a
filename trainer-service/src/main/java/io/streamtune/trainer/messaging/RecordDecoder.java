package io.streamtune.trainer.messaging;

import io.streamtune.contracts.ContractViolationException;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.Violation;
import io.streamtune.training.Incoming;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Turns a train-topic record into an example, or into a poison record that says what is wrong with it. */
public final class RecordDecoder {

    private final ModelSpec spec;

    public RecordDecoder(ModelSpec spec) {
        this.spec = spec;
    }

    public Incoming decode(ConsumerRecord<byte[], byte[]> r, long nowNanos) {
        if (r.value() == null || r.value().length == 0) {
            return poison(r, nowNanos, "empty record value");
        }
        LabelledExample example;
        try {
            example = EventJson.read(r.value(), LabelledExample.class);
        } catch (ContractViolationException e) {
            return poison(r, nowNanos, "contract violation: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return poison(r, nowNanos, "not a LabelledExample: " + e.getMessage());
        }
        List<Violation> v = spec.check(example);
        if (!v.isEmpty()) {
            return poison(r, nowNanos, "fails the model spec: "
                    + v.stream().map(x -> x.field() + " " + x.reason()).collect(Collectors.joining("; ")));
        }
        return Incoming.example(r.partition(), r.offset(), nowNanos, example);
    }

    private static Incoming poison(ConsumerRecord<byte[], byte[]> r, long nowNanos, String reason) {
        String bounded = reason.length() > 1000 ? reason.substring(0, 1000) + "…" : reason;
        return Incoming.poison(r.partition(), r.offset(), nowNanos, bounded, r.key(), r.value());
    }
}
