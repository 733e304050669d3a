package io.streamtune.registry.messaging;

import io.smallrye.common.annotation.Blocking;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.EventJson;
import io.streamtune.kit.kafka.DeadLetters;
import io.streamtune.kit.retry.Backoff;
import io.streamtune.registry.config.RegistryConfig;
import io.streamtune.registry.promotion.AnnouncementException;
import io.streamtune.registry.promotion.Decision;
import io.streamtune.registry.promotion.PromotionEngine;
import io.streamtune.storage.ConflictException;
import io.streamtune.storage.RetriableStorageException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Decides on each evaluation, in partition order. A record that is not a valid {@code CheckpointEvaluated} goes to
 * the DLQ and consumption goes on. While S3 or Kafka is unreachable, or another instance keeps winning the race for
 * the pointer, the same record is retried with back-off for {@code streamtune.registry.retry-for}; then the channel
 * fails (liveness goes down) and a restart redoes the record, which is safe because promotions are idempotent.
 */
@ApplicationScoped
public class EvaluationConsumer {

    static final String CONSUMER = "registry-service/evaluations";
    private static final Logger LOG = Logger.getLogger(EvaluationConsumer.class);

    private final PromotionEngine engine;
    private final DeadLetters deadLetters;
    private final Backoff backoff;

    public EvaluationConsumer(PromotionEngine engine, DeadLetters deadLetters, RegistryConfig config) {
        this.engine = engine;
        this.deadLetters = deadLetters;
        this.backoff = Backoff.within(config.retryFor(), Duration.ofMillis(500), Duration.ofSeconds(10));
    }

    @Incoming(Channels.EVALUATIONS)
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        CheckpointEvaluated evaluation;
        try {
            evaluation = EventJson.read(Records.value(record), CheckpointEvaluated.class);
        } catch (IllegalArgumentException poison) {
            deadLetters.sendAndWait(record, poison.getMessage(), CONSUMER);
            return;
        }
        backoff.guard("registry.decide", List.of(RetriableStorageException.class, AnnouncementException.class,
                ConflictException.class), e -> LOG.warnf("%s: cannot decide on %s yet (%s); retrying", evaluation.model(),
                evaluation.checkpointId(), e.getMessage()))
                .get(() -> engine.handle(evaluation), Decision.class);
    }
}
