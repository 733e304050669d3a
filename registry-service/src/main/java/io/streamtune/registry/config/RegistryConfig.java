package io.streamtune.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The registry's own settings. */
@ConfigMapping(prefix = "streamtune.registry")
public interface RegistryConfig {

    /** Hex SHA-256 of the admin key; admin calls are refused while it is unset. */
    Optional<String> adminKeySha256();

    /** Names this instance in the champion pointer's audit trail; the host name when unset. */
    Optional<String> instanceId();

    /** How long a presigned download URL stays valid. */
    @WithDefault("PT1H")
    Duration presignTtl();

    /** The S3 endpoint apps reach, when it differs from {@code streamtune.s3.endpoint} (e.g. inside Compose). */
    Optional<String> presignEndpoint();

    /** How long a promotion is retried while S3 or Kafka is unreachable before the channel gives up. */
    @WithDefault("PT2M")
    Duration retryFor();

    /** How often the champion-age gauge re-reads the pointers (other instances move them too). */
    @WithDefault("60s")
    Duration championAgeRefresh();

    /**
     * Encoders a checkpoint's {@code baseModel} may name besides the built-in all-MiniLM-L6-v2, as the trainer's
     * {@code streamtune.trainer.encoders}: name → {@code <model.onnx>,<tokenizer.json>}. The registry writes each
     * version's {@code model.onnx} from the export its checkpoint was trained on.
     */
    Map<String, String> encoders();

    /**
     * The trainer memory one model's variants may use together ({@link io.streamtune.contracts.VariantMemory}): a
     * spec whose variants need more is refused with 400 naming each one's share. The default leaves a 3 GiB trainer
     * (the Helm chart's) room for its frozen encoder and a second model.
     */
    @WithDefault("1500")
    long variantMemoryMb();

    Topics topics();

    interface Topics {
        /** Partitions of {@code streamtune.evaluations} when the registry creates it: the unit of ownership. */
        @WithDefault("6")
        int evaluationPartitions();

        /** Whether the registry creates its topics at start (compacted {@code streamtune.models} and the rest). */
        @WithDefault("true")
        boolean create();
    }

    default String instance() {
        return instanceId().filter(s -> !s.isBlank()).orElseGet(InstanceName::host);
    }
}
