package io.streamtune.registry.support;

import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelPromoted;
import io.streamtune.contracts.Topics;
import io.streamtune.registry.promotion.AnnouncementException;
import io.streamtune.registry.promotion.PromotionEvents;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An announcer on a broker of the test's own that gives up within seconds, and whose failed send is dropped (a new
 * producer per send): what reaches the topic after a failure was sent again.
 */
public final class ProducerPromotionEvents implements PromotionEvents {

    private final String bootstrap;

    public ProducerPromotionEvents(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    @Override
    public void publish(ModelPromoted event) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1500,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.PROMOTIONS, event.model(), EventJson.write(event)))
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AnnouncementException("Kafka did not acknowledge " + event.eventId() + ": " + e, e);
        }
    }
}
