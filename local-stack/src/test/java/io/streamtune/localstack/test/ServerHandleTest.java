package io.streamtune.localstack.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.localstack.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ServerHandleTest {

    @Test
    void aCrashedBrokerComesBackOnTheSamePortWithEveryAcknowledgedRecord() throws Exception {
        try (ServerHandle<KafkaEndpoint> kafka = RealServers.startFreshKafka()) {
            KafkaEndpoint endpoint = kafka.endpoint();
            int port = Integer.parseInt(endpoint.bootstrapServers().substring(endpoint.bootstrapServers().indexOf(':') + 1));
            KafkaClients.produce(endpoint, "acked", "k1", "before the crash");
            long firstPid = kafka.pid();

            kafka.kill();
            assertFalse(kafka.isRunning());
            assertFalse(Ports.isOpen(port), "nothing listens on the broker's port after the crash");

            kafka.start();
            assertEquals(endpoint, kafka.endpoint());
            assertNotEquals(firstPid, kafka.pid());
            KafkaClients.produce(endpoint, "acked", "k2", "after the restart");
            List<ConsumerRecord<String, String>> read = KafkaClients.readAll(endpoint, "acked", 2);
            assertEquals(List.of("before the crash", "after the restart"), read.stream().map(ConsumerRecord::value).toList());
        }
    }

    @Test
    void aStoppedServerFreesItsPortAndCloseDeletesItsData() {
        ServerHandle<S3Endpoint> s3 = RealServers.startFreshS3();
        Path dir = s3.logFile().getParent();
        int port = Integer.parseInt(s3.endpoint().endpoint().substring(s3.endpoint().endpoint().lastIndexOf(':') + 1));
        assertTrue(Ports.isOpen(port));

        s3.stop();
        assertFalse(s3.isRunning());
        assertFalse(Ports.isOpen(port));
        assertThrows(IllegalStateException.class, s3::pid);

        s3.close();
        assertFalse(Files.exists(dir), dir + " is deleted");
        IllegalStateException closed = assertThrows(IllegalStateException.class, s3::start);
        assertTrue(closed.getMessage().contains("was closed"), closed.getMessage());
    }
}
