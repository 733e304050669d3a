package io.streamtune.trainer.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.Topics;
import io.streamtune.kit.kafka.KafkaClients;
import io.streamtune.trainer.RealStreams;
import io.streamtune.training.ExampleQueue;
import io.streamtune.training.Incoming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The plain consumer against the real broker: it starts at the positions it is given and pauses when full. */
class ExampleConsumerIT {

    @Test
    void startsAtTheGivenPositionsOfEveryPartition() {
        String model = RealStreams.freshModel("pos");
        String topic = Topics.train(model);
        RealStreams.createTopic(topic, 2);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            LabelledExample e = LabelledExample.of("e" + i, model, "text " + i, "a", "app");
            records.add(new ProducerRecord<>(topic, i % 2, RealStreams.utf8(e.id()),
                    io.streamtune.contracts.EventJson.write(e)));
        }
        RealStreams.send(records);
        List<Incoming> got = new ArrayList<>();
        ExampleQueue queue = new ExampleQueue(() -> { });
        ExampleConsumer consumer = consumer(model, queue, 1000);
        // every partition named: none may fall back to its beginning
        consumer.start(Map.of(0, 5L, 1, 7L));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                queue.takeIfReady(100, 0, System.nanoTime()).ifPresent(got::addAll);
                return got.size() >= 8;
            });
        } finally {
            consumer.close();
        }
        Map<Integer, Long> first = new TreeMap<>();
        got.forEach(in -> first.merge(in.partition(), in.offset(), Math::min));
        assertThat(first).isEqualTo(Map.of(0, 5L, 1, 7L));
        assertThat(got).hasSize(5 + 3);
    }

    @Test
    void pausesWhileTheQueueIsFullAndResumesWhenItDrains() {
        String model = RealStreams.freshModel("pause");
        String topic = Topics.train(model);
        RealStreams.createTopic(topic, 1);
        List<LabelledExample> examples = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            examples.add(LabelledExample.of("e" + i, model, "text " + i, "a", "app"));
        }
        ExampleQueue queue = new ExampleQueue(() -> { });
        ExampleConsumer consumer = consumer(model, queue, 10);
        consumer.start(Map.of());
        try {
            RealStreams.produce(model, examples.subList(0, 20));
            await().atMost(Duration.ofSeconds(30)).until(consumer::paused);
            RealStreams.produce(model, examples.subList(20, 200));
            // paused: the consumer keeps polling but nothing more arrives
            sleep(1500);
            int whilePaused = queue.size();
            assertThat(whilePaused).isLessThan(200);
            List<Incoming> got = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                queue.takeIfReady(5, 0, System.nanoTime()).ifPresent(got::addAll);
                return got.size() == 200;
            });
            assertThat(consumer.pauses()).isGreaterThanOrEqualTo(2);
            assertThat(consumer.alive()).isTrue();
            for (int i = 0; i < got.size(); i++) {
                assertThat(got.get(i).offset()).isEqualTo(i);
            }
        } finally {
            consumer.close();
        }
    }

    private static ExampleConsumer consumer(String model, ExampleQueue queue, int highWater) {
        return new ExampleConsumer(model, KafkaClients.consumer(RealStreams.bootstrap(), "g-" + model, "c-" + model),
                queue, new RecordDecoder(ModelSpec.of(model, new LabelSet(true, List.of()))), highWater);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
