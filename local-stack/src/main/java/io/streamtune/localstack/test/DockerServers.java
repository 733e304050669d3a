package io.streamtune.localstack.test;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.streamtune.localstack.LocalStack;
import io.streamtune.localstack.S3ProxyServer;
import io.streamtune.localstack.ServerArtifacts;
import java.util.Arrays;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** The Testcontainers side of {@link RealServers}: loaded only where Docker is asked about or used. */
final class DockerServers {

    private static final String LOOPBACK = io.streamtune.localstack.Ports.LOOPBACK;

    private DockerServers() {
    }

    static boolean available() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    static KafkaEndpoint kafka() {
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(ServerArtifacts.kafkaImage()));
        start(kafka);
        return new KafkaEndpoint(kafka.getBootstrapServers());
    }

    static S3Endpoint s3() {
        MinIOContainer minio = new MinIOContainer(
                DockerImageName.parse(ServerArtifacts.minioImage()).asCompatibleSubstituteFor("minio/minio"))
                .withUserName("streamtune-test")
                .withPassword(S3ProxyServer.newSecretKey());
        start(minio);
        return new S3Endpoint(minio.getS3URL(), minio.getUserName(), minio.getPassword(), LocalStack.REGION,
                S3Endpoint.MINIO);
    }

    private static void start(GenericContainer<?> container) {
        container.withCreateContainerCmdModifier(DockerServers::publishOnLoopbackOnly);
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-" + container.getDockerImageName()));
    }

    // Docker publishes ports on every interface unless told otherwise: bind each to 127.0.0.1, on a random port.
    private static void publishOnLoopbackOnly(CreateContainerCmd cmd) {
        if (cmd.getExposedPorts() == null || cmd.getHostConfig() == null) {
            return;
        }
        PortBinding[] bindings = Arrays.stream(cmd.getExposedPorts())
                .map(port -> new PortBinding(Ports.Binding.bindIp(LOOPBACK), port))
                .toArray(PortBinding[]::new);
        cmd.getHostConfig().withPortBindings(bindings).withPublishAllPorts(false);
    }
}
