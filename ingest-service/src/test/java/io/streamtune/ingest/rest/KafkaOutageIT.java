package io.streamtune.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.ingest.messaging.ModelSpecCache;
import io.streamtune.ingest.support.FreshKafkaResource;
import io.streamtune.ingest.support.Http;
import io.streamtune.ingest.support.TestKafka;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The broker goes away, also in the middle of batches: requests are answered 503 with Retry-After (never 2xx),
 * readiness goes down, and once the broker is back every example answered 202 (before, during retries, after) is
 * in Kafka exactly once for a read_committed consumer, and nothing of a batch answered 503 and not resent is.
 */
@QuarkusTest
@QuarkusTestResource(value = FreshKafkaResource.class, restrictToAnnotatedClass = true)
class KafkaOutageIT {

    @TestHTTPResource("/")
    URL base;

    @Inject
    ModelSpecCache specs;

    @Test
    void anOutageIs503AndNothingAcknowledgedIsLost() throws Exception {
        Http http = new Http(base.toString());
        TestKafka kafka = new TestKafka(FreshKafkaResource.bootstrapServers());
        kafka.publishSpec(new ModelSpec(null, 0, null, "spam", LabelSet.closed("ham", "spam"), null, 0, 20, 0, null,
                null));
        // a second model whose topics ingest has never written: no metadata cached when the broker goes away
        kafka.publishSpec(new ModelSpec(null, 0, null, "burst", LabelSet.closed("ham", "spam"), null, 0, 20, 0, null,
                null));
        await().atMost(Duration.ofSeconds(30)).until(() -> specs.find("spam").isPresent()
                && specs.find("burst").isPresent());
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();

        acknowledged.addAll(sendUntilAccepted(http, "before", 0, 20));
        assertThat(acknowledged).hasSize(20);

        // batches of 100 one after another, each resent until accepted: the broker stops in the middle of some
        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService midFlight = Executors.newSingleThreadExecutor();
        Future<List<String>> midIds = midFlight.submit(() -> {
            List<String> ids = new ArrayList<>();
            for (int n = 0; sending.get(); n++) {
                ids.addAll(sendUntilAccepted(http, "mid" + n, 0, 100));
            }
            return ids;
        });
        Thread.sleep(1_000);
        FreshKafkaResource.stopBroker();
        long t0 = System.nanoTime();
        HttpResponse<String> down = http.post("spam").body(batch("down", 0, 5)).send();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(down.body()).contains("kafka_unavailable").contains("3000 ms");
        assertThat(tookMs).as("answered near the 3 s ack timeout, not hanging").isLessThan(10_000);

        // side by side, each request is answered near the ack timeout: no request waits behind another's blocked send
        // (sends block for metadata in an outage; they run on the request's own worker thread, never on a shared
        // timer or I/O thread, where they would queue: 8 x max.block.ms)
        ExecutorService burst = Executors.newFixedThreadPool(8);
        List<Future<long[]>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            answers.add(burst.submit(() -> {
                long start = System.nanoTime();
                HttpResponse<String> r = http.post("burst").body(batch("burst" + n, 0, 5)).send();
                return new long[] {r.statusCode(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)};
            }));
        }
        for (Future<long[]> f : answers) {
            long[] answer = f.get(60, TimeUnit.SECONDS);
            assertThat(answer[0]).isEqualTo(503);
            assertThat(answer[1]).as("each of 8 requests side by side answered near the 3 s ack timeout")
                    .isLessThan(7_000);
        }
        burst.shutdown();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> ready = http.get("/q/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("\"Kafka brokers\"").contains("DOWN");
        });
        assertThat(http.get("/q/health/live").statusCode()).isEqualTo(200);

        // clients that honour Retry-After keep trying while the broker is down and after it comes back
        ExecutorService clients = Executors.newFixedThreadPool(3);
        List<Future<List<String>>> retrying = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            int client = c;
            retrying.add(clients.submit(() -> sendUntilAccepted(http, "client" + client, 0, 10)));
        }
        Thread.sleep(4_000);
        FreshKafkaResource.startBroker();
        for (Future<List<String>> f : retrying) {
            acknowledged.addAll(f.get(120, TimeUnit.SECONDS));
        }
        clients.shutdown();
        sending.set(false);
        List<String> mid = midIds.get(120, TimeUnit.SECONDS);
        midFlight.shutdown();
        acknowledged.addAll(sendUntilAccepted(http, "after", 0, 20));
        assertThat(acknowledged).hasSize(20 + 30 + 20);
        assertThat(mid).isNotEmpty().doesNotHaveDuplicates();
        acknowledged.addAll(mid);
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/q/health/ready").statusCode() == 200);

        // a transaction a lost producer left open holds read_committed readers back until the broker aborts it
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<String> inKafka = kafka.readAll(Set.of("streamtune.spam.train", "streamtune.spam.heldout")).stream()
                    .map(TestKafka::key).toList();
            assertThat(inKafka).containsAll(acknowledged);
            assertThat(inKafka).as("each example once, however often it was sent").doesNotHaveDuplicates();
            assertThat(inKafka).as("the batch answered 503 and never resent").noneMatch(k -> k.startsWith("down-"));
            assertThat(kafka.readAll(Set.of("streamtune.burst.train", "streamtune.burst.heldout")))
                    .as("the batches answered 503 in the burst").isEmpty();
        });
    }

    /** Sends one batch again and again (as a client honouring Retry-After would) until it is answered 202. */
    private static List<String> sendUntilAccepted(Http http, String prefix, int from, int to) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            HttpResponse<String> r = http.post("spam").body(batch(prefix, from, to)).send();
            if (r.statusCode() == 202) {
                List<String> ids = new ArrayList<>();
                for (JsonNode p : IngestIT.json(r).get("examples")) {
                    ids.add(p.get("id").asText());
                }
                return ids;
            }
            assertThat(r.statusCode()).as(r.body()).isIn(429, 503);
            assertThat(System.nanoTime()).as("accepted within 90 s").isLessThan(deadline);
            Thread.sleep(1_000L * Integer.parseInt(r.headers().firstValue("Retry-After").orElse("1")));
        }
    }

    private static String batch(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "{\"id\":\"" + prefix + "-" + i + "\",\"text\":\"text " + i
                + " " + "z".repeat(500) + "\",\"label\":\"ham\"}").collect(Collectors.joining(",", "[", "]"));
    }
}
