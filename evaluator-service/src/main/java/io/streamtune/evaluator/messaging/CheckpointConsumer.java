package io.streamtune.evaluator.messaging;

import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.EventJson;
import io.streamtune.evaluator.config.EvaluatorConfig;
import io.streamtune.evaluator.evaluation.CheckpointEvaluator;
import io.streamtune.evaluator.metrics.EvaluatorMeters;
import io.streamtune.kit.kafka.DeadLetters;
import io.streamtune.kit.retry.Backoff;
import io.streamtune.storage.StorageException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Each {@code CheckpointCreated} in, one {@code CheckpointEvaluated} out, in order. S3 being unreachable is tried
 * again, with back-off, until it answers: an outage delays evaluations, it never turns one into a FAILED that would
 * be acknowledged and so never retried. (A champion that cannot be scored does not stop evaluations either: the
 * checkpoint is evaluated without a comparison, see {@link CheckpointEvaluator}.) An unreadable event goes to the
 * DLQ. The record is acknowledged only after the evaluation is published.
 */
@ApplicationScoped
public class CheckpointConsumer {

    private static final Logger LOG = Logger.getLogger(CheckpointConsumer.class);

    private final CheckpointEvaluator evaluator;
    private final EvaluationPublisher publisher;
    private final DeadLetters deadLetters;
    private final EvaluatorConfig config;
    private final EvaluatorMeters meters;
    private final Backoff backoff;

    public CheckpointConsumer(CheckpointEvaluator evaluator, EvaluationPublisher publisher, DeadLetters deadLetters,
            EvaluatorConfig config, EvaluatorMeters meters) {
        this.meters = meters;
        this.evaluator = evaluator;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.config = config;
        this.backoff = Backoff.forever(config.retryBackoff(), config.retryMaxBackoff());
    }

    @Incoming(Channels.CHECKPOINTS)
    @Blocking
    public void consume(ConsumerRecord<byte[], byte[]> record) {
        CheckpointCreated created;
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("a checkpoint record needs a CheckpointCreated value, got none");
            }
            created = EventJson.read(record.value(), CheckpointCreated.class);
        } catch (IllegalArgumentException e) { // ContractViolationException is one
            deadLetters.sendAndWait(record, e.getMessage(), Channels.CONSUMER);
            return;
        }
        CheckpointEvaluated result = evaluate(created);
        publisher.publish(result);
        meters.published(result, Duration.between(created.occurredAt(), Instant.now()));
    }

    CheckpointEvaluated evaluate(CheckpointCreated c) {
        Guard retries = backoff.guard("evaluator.evaluate-checkpoint", List.of(StorageException.class),
                e -> {
                    meters.retried(c.model());
                    LOG.warnf("Evaluating %s/%s failed, retrying until S3 answers: %s", c.model(), c.checkpointId(),
                            e.getMessage());
                });
        try {
            return retries.get(() -> evaluator.evaluate(c), CheckpointEvaluated.class);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Evaluating %s/%s failed", c.model(), c.checkpointId());
            return failed(c, "evaluation failed: " + e);
        }
    }

    private CheckpointEvaluated failed(CheckpointCreated c, String reason) {
        CheckpointEvaluated r = CheckpointEvaluator.failed(c, reason);
        meters.onEvaluated(r, Duration.ZERO);
        return r;
    }
}
