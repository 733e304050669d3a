package io.streamtune.trainer;

import io.smallrye.common.annotation.Identifier;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.trainer.config.TrainerConfig;
import io.streamtune.trainer.metrics.MicrometerTrainingListener;
import io.streamtune.training.ModelTrainer;
import io.streamtune.training.TrainerOptions;
import io.streamtune.training.djl.ClassifierLearnerFactory;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;

/** The framework-free pieces, built once from configuration. */
@Singleton
public class TrainerBeans {

    @Produces
    @Singleton
    TrainerRuntime runtime(TrainerConfig config, ArtifactStore store,
            @Identifier("default-kafka-broker") Map<String, Object> kafka, MicrometerTrainingListener listener) {
        TrainerOptions options = config.options();
        // a checkpoint over a base this trainer does not have (another encoder build) takes it from the bucket
        java.nio.file.Path bases = options.workDir().resolve("bases");
        TrainerRuntime.Pool pool = new TrainerRuntime.Pool(config.instanceId().orElseGet(ModelTrainer::defaultOwner),
                config.sessionTimeout(), config.topicDiscovery(), config.shutdownTimeout());
        return new TrainerRuntime(options, pool, kafka, store,
                new ClassifierLearnerFactory(options, config.encoders(), sha -> store.base(sha, bases)), listener);
    }
}
