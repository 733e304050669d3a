package io.streamtune.evaluator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** {@code streamtune.evaluator.*}: the evaluator's own settings. */
@ConfigMapping(prefix = "streamtune.evaluator")
public interface EvaluatorConfig {

    /** Bucket for held-out snapshots, recorded evaluations and the forgetting ledger. */
    @WithDefault("streamtune-evaluator")
    String bucket();

    /**
     * This replica's name, unique per replica (Kubernetes: the pod's name): its static membership of the consumer
     * groups ({@code group.instance.id}), so a replica restarted under it gets its partitions back at once.
     */
    String instanceId();

    /** A replica that sends its groups no heartbeat for this long loses its partitions ({@code session.timeout.ms}). */
    @WithDefault("30000")
    int sessionTimeoutMs();

    /** Where checkpoints and champion versions are downloaded to. */
    @WithDefault("${java.io.tmpdir}/streamtune-evaluator")
    Path workDir();

    /** Minimum held-out count while a model's spec is not known yet (a spec's minHeldout wins). */
    @WithDefault("50")
    int defaultMinHeldout();

    /** Slices with fewer held-out examples show their accuracy but take no part in forgetting (too noisy). */
    @WithDefault("20")
    int minSliceExamples();

    /** Champion scores kept, one per (model, champion version, snapshot). */
    @WithDefault("32")
    int championCacheSize();

    /** Checkpoints whose per-example probabilities are kept, so a champion is run only on examples new to it. */
    @WithDefault("8")
    int scoreCacheCheckpoints();

    /**
     * First pause before an evaluation that hit an unreachable S3 is tried again (it doubles, up to
     * {@code retry-max-backoff}). It is tried until S3 answers: an evaluation is never given up for an outage, and its
     * announcement is acknowledged only once the result is published.
     */
    @WithDefault("2s")
    Duration retryBackoff();

    /** The longest pause between two tries of an evaluation during an S3 outage. */
    @WithDefault("30s")
    Duration retryMaxBackoff();

    Heldout heldout();

    Scoring scoring();

    Monitoring monitoring();

    /** {@code streamtune.evaluator.monitoring.*}: prequential scores of the champion and the version it replaced. */
    interface Monitoring {

        /**
         * Score every arriving held-out example with the champion and the previous version (loaded on first use:
         * one more model in memory per monitored model) and publish {@code MonitoringReport}s.
         */
        @WithDefault("true")
        boolean enabled();

        /** The rolling window: the last this many arrivals per model. */
        @WithDefault("500")
        int window();

        /** A report after this many new arrivals... */
        @WithDefault("50")
        int reportEvery();

        /** ...or this long after the last one, when some arrived. */
        @WithDefault("60s")
        Duration reportInterval();

        /** Arrivals scored per step (the checkpoint evaluation waits at most one step for the cores). */
        @WithDefault("64")
        int batch();

        /** Arrivals waiting to be scored, per model, before the oldest are dropped. */
        @WithDefault("5000")
        int queue();
    }

    /** {@code streamtune.evaluator.heldout.*} */
    interface Heldout {

        /** Most held-out examples kept per model. */
        @WithDefault("5000")
        int capacity();

        /** Width of a time slice (by event time), for per-slice accuracy and forgetting. */
        @WithDefault("P30D")
        Duration sliceWidth();

        /** How often a changed held-out set is saved to S3 (besides before every evaluation and at shutdown). */
        @WithDefault("30s")
        String saveEvery();

        /** Snapshots kept in S3 per model; older ones are deleted. */
        @WithDefault("20")
        int snapshotsRetained();

        /** Milliseconds between Kafka metadata refreshes: how soon a new model's held-out topic is consumed. */
        @WithDefault("10000")
        long topicDiscoveryMs();
    }

    /** {@code streamtune.evaluator.scoring.*} */
    interface Scoring {

        /** Windows per forward pass, after sorting by length. */
        @WithDefault("32")
        int batchSize();

        /** Most bytes of cached frozen-prefix outputs (all models); the least recently used go first. */
        @WithDefault("536870912")
        long prefixCacheBytes();

        /**
         * Encode each held-out example's frozen prefix in the background as it arrives (from the spec's pretrained
         * base), so that a checkpoint, the first included, runs only its trainable top.
         */
        @WithDefault("true")
        boolean backfill();

        /** Held-out examples encoded per background step (an evaluation waits at most one step for the cores). */
        @WithDefault("16")
        int backfillChunk();

        /** PyTorch intra-op threads; 0 leaves PyTorch's default. */
        @WithDefault("0")
        int threads();

        /** auto (the GPU when PyTorch sees one), cpu or gpu. */
        @WithDefault("auto")
        String device();
    }
}
