package io.streamtune.localstack.test;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the JVM's real servers as parameters: {@code @ExtendWith(RealServersExtension.class)}, then a
 * {@link KafkaEndpoint} or {@link S3Endpoint} parameter on a test, lifecycle method or constructor.
 */
public final class RealServersExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KafkaEndpoint.class || type == S3Endpoint.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaEndpoint.class ? RealServers.kafka() : RealServers.s3();
    }
}
