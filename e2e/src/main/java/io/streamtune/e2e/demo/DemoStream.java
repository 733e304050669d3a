package io.streamtune.e2e.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.Topics;
import io.streamtune.e2e.corpus.LabelledText;
import io.streamtune.e2e.stack.PipelineEvents;
import io.streamtune.e2e.stack.ServiceProcess;
import io.streamtune.e2e.stack.StreamtuneService;
import io.streamtune.e2e.stack.StreamtuneServices;
import io.streamtune.e2e.stack.TrainerClient;
import io.streamtune.e2e.stack.Waits;
import io.streamtune.localstack.StackEndpoints;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;

/**
 * The demo's stream through the running pipeline: sent (all at once, or a warm-up and then at a rate), trained on,
 * checkpointed and decided on, with progress on the console; and the figures only the stream knows.
 */
final class DemoStream {

    /** The demo gives up when nothing happened in the pipeline for this long. */
    static final Duration STALL = Duration.ofMinutes(15);

    private final StreamtuneServices services;
    private final StackEndpoints endpoints;
    private final PipelineEvents events;
    private final DemoWatcher watcher;
    private final DemoConsole console;
    private final ModelSpec spec;
    /** How a {@code --rate} run streams; null: the whole stream at once. */
    private final Pace pace;
    private final DemoSender sender;
    private CheckpointCreated last;
    private double loadAtEnd;

    DemoStream(StreamtuneServices services, StackEndpoints endpoints, PipelineEvents events, DemoWatcher watcher,
            DemoConsole console, ModelSpec spec, Pace pace) {
        this.services = services;
        this.endpoints = endpoints;
        this.events = events;
        this.watcher = watcher;
        this.console = console;
        this.spec = spec;
        this.pace = pace;
        this.sender = new DemoSender(services.ingest(), spec.name(), console);
    }

    /** The stream's figures (null when an earlier run had sent it all), once its last checkpoint was decided on. */
    Map<String, Double> run(List<LabelledText> stream, List<LabelledText> tail, JsonNode before)
            throws IOException {
        return pace == null ? whole(stream, before) : sustained(stream, tail, before);
    }

    /** The checkpoint that covers the whole stream, decided on. */
    /** The model's own variant's checkpoints: the pipeline's figures are the transformer's (a shadow is extra). */
    private static List<CheckpointCreated> primary(List<CheckpointCreated> all) {
        return all.stream().filter(c -> io.streamtune.contracts.Variant.PRIMARY.equals(c.variant())).toList();
    }

    private static List<io.streamtune.contracts.CheckpointEvaluated> primaryEvaluations(
            List<io.streamtune.contracts.CheckpointEvaluated> all) {
        return all.stream().filter(e -> io.streamtune.contracts.Variant.PRIMARY.equals(e.variant())).toList();
    }

    CheckpointCreated last() {
        return last;
    }

    /** The load average when the last checkpoint was decided on. */
    double loadAtEnd() {
        return loadAtEnd;
    }

    /** The whole stream at once (the backlog demo); its figures, or null when an earlier run had sent it. */
    private Map<String, Double> whole(List<LabelledText> stream, JsonNode before) throws IOException {
        long already = alreadySent();
        DemoSender.Sent sent = sendAtOnce(stream, already, "Sending");
        PipelineEvents.TopicRecords train = trainRecords();
        console.line(String.format("%,d emails in the stream (%,d for training, the rest held out); waiting "
                + "for the trainer to catch up", already + sent.accepted(), train.records()));
        last = awaitCheckpointed(train, "Training");
        JsonNode after = status();
        loadAtEnd = loadAverage();
        if (sent.accepted() == 0 || before == null || after == null) {
            return null; // an earlier run sent the stream: its timings are not this run's to report
        }
        return PipelineFigures.compute(sent.acked(), sent.start(), sent.seconds(), sent.accepted(),
                reference(), times(before, after), primary(events.checkpoints()), primaryEvaluations(events.evaluations()),
                events.promotions());
    }

    /**
     * The warm-up at once, then, once the trainer has checkpointed it and the registry decided on that
     * checkpoint, the rest at the rate; its figures (freshness over the emails sent at the rate only).
     */
    private Map<String, Double> sustained(List<LabelledText> stream, List<LabelledText> tail, JsonNode before)
            throws IOException {
        int already = (int) alreadySent();
        int warmEnd = (int) Math.min(stream.size(), (long) already + pace.warmup());
        if (warmEnd >= stream.size()) {
            throw new IllegalStateException(String.format("--rate: %,d of the %,d emails were sent by an earlier "
                    + "run and the warm-up takes %,d more, which leaves none to stream at the rate. Give a larger "
                    + "--emails or a smaller --warmup, or start afresh (./bin/demo stop; rm -rf .local-stack).",
                    already, stream.size(), pace.warmup()));
        }
        console.line(String.format("warm-up: %,d emails at once; the stream at the rate starts once the trainer "
                + "has checkpointed them and the registry has decided on that checkpoint", warmEnd - already));
        DemoSender.Sent warm = sendAtOnce(stream.subList(0, warmEnd), already, "Warm-up");
        awaitCheckpointed(trainRecords(), "Warm-up training");
        JsonNode atRate = status();
        double warmCapacity = before == null || atRate == null ? Double.NaN
                : times(before, atRate).examplesPerStepSecond();
        double rate = pace.auto() ? Pace.autoRate(warmCapacity, warm.trainShare()) : pace.perSecond();
        List<LabelledText> rest = stream.subList(warmEnd, stream.size());
        console.line(String.format(Locale.ROOT, "trainer    capacity in the warm-up: %.1f training emails per "
                + "second of step time; streaming %,d emails as Poisson arrivals (seed %d) at %.2f emails/s%s",
                warmCapacity, rest.size(), pace.seed(), rate, pace.auto() ? " (--rate auto: " + Pace.AUTO_SHARE
                + " of that capacity, " + Math.round(100 * warm.trainShare()) + " % of the emails train)" : ""));
        ArrivalSchedule schedule = new ArrivalSchedule(rate, rest.size(), pace.seed());
        ProgressBar bar = console.bar("Streaming", rest.size(), " emails");
        DemoSender.Sent paced;
        try {
            paced = sender.paced(rest, schedule, bar, this::tick);
        } finally {
            console.closeBar();
        }
        DemoSender.Sent onward = goOn(tail, rate, paced);
        PipelineEvents.TopicRecords train = trainRecords();
        console.line(String.format("ingest: %,d emails accepted at the rate (%,d train)%s; waiting for the trainer "
                + "to checkpoint the last of them", paced.accepted(), paced.train(), onward.accepted() == 0 ? ""
                : String.format(", then %,d more past the measured ones", onward.accepted())));
        last = awaitCheckpointed(train, "Training");
        JsonNode after = status();
        loadAtEnd = loadAverage();
        if (warm.accepted() == 0 || before == null || atRate == null || after == null) {
            return null;
        }
        Map<String, Double> n = new LinkedHashMap<>();
        n.put("warmup_emails", (double) warm.accepted());
        n.put("arrival_seed", (double) pace.seed());
        n.put("arrival_tail_emails", (double) onward.accepted());
        n.putAll(PipelineFigures.sustained(new PipelineFigures.Sustained(rate, paced.accepted(), paced.train(),
                paced.seconds(), times(atRate, after), warmCapacity)));
        n.putAll(PipelineFigures.compute(paced.acked(), warm.start(), warm.seconds(), warm.accepted(),
                reference(), times(before, after), primary(events.checkpoints()), primaryEvaluations(events.evaluations()),
                events.promotions()));
        return n;
    }

    /**
     * The stream goes on at the same rate past the measured emails ({@code tail}, not measured) until a promoted model
     * covers every measured training email: in production more feedback follows, and an email trained into a
     * checkpoint that fails a gate reaches a champion with a later one; at the end of a finite stream it never would,
     * and freshness would measure the stream's end, not a steady one. Emails the tail runs out before stay counted
     * as not promoted.
     */
    private DemoSender.Sent goOn(List<LabelledText> tail, double rate, DemoSender.Sent measured) throws IOException {
        java.util.function.BooleanSupplier covered = () -> PipelineFigures.notPromoted(measured.acked(),
                primary(events.checkpoints()), events.promotions()) == 0;
        if (tail.isEmpty() || covered.getAsBoolean()) {
            return DemoSender.Sent.NOTHING;
        }
        console.line(String.format(Locale.ROOT, "the stream goes on at %.2f emails/s past the measured emails (up "
                + "to %,d more, not measured) until a promoted model holds each measured one", rate, tail.size()));
        ProgressBar bar = console.bar("Going on", tail.size(), " emails");
        try {
            return sender.paced(tail, new ArrivalSchedule(rate, tail.size(), pace.seed() + 1), bar, this::tick,
                    covered);
        } finally {
            console.closeBar();
        }
    }

    /** What a paced stream does every couple of seconds: the registry's news, and a word on the trainer. */
    private String tick() {
        watcher.pollDecisions();
        checkRunning();
        JsonNode s = status();
        return s == null ? "" : String.format(", trainer lag %,d", s.path("lag").asLong());
    }

    private DemoSender.Sent sendAtOnce(List<LabelledText> stream, long already, String task) throws IOException {
        if (already >= stream.size()) {
            console.line(String.format("ingest: the first %,d emails were sent by an earlier run; nothing to "
                    + "send", stream.size()));
            return DemoSender.Sent.NOTHING;
        }
        if (already > 0) {
            console.line(String.format("ingest: %,d emails were sent by an earlier run; going on from there",
                    already));
        }
        ProgressBar bar = console.bar(task, stream.size(), " emails");
        bar.stepTo(already);
        DemoSender.Sent sent;
        try {
            sent = sender.atOnce(stream.subList((int) already, stream.size()), bar);
        } finally {
            console.closeBar();
        }
        console.line(String.format("ingest: %,d emails accepted (%,d train, %,d held out)%s", sent.accepted(),
                sent.train(), sent.accepted() - sent.train(), sent.refused() == 0 ? ""
                : ", " + sent.refused() + " refused"));
        return sent;
    }

    /** Emails already in the model's topics (ingest writes every accepted email to exactly one of them). */
    private long alreadySent() {
        String kafka = endpoints.kafkaBootstrapServers();
        return PipelineEvents.read(kafka, Topics.train(spec.name())).records() + PipelineEvents.read(kafka,
                Topics.heldout(spec.name())).records();
    }

    /** The train topic's records as a read_committed consumer sees them (offsets also hold transaction markers). */
    private PipelineEvents.TopicRecords trainRecords() {
        return PipelineEvents.read(endpoints.kafkaBootstrapServers(), Topics.train(spec.name()));
    }

    private JsonNode status() {
        return services.trainer().status(spec.name()).orElse(null);
    }

    /** Kafka's own producer beside ingest, same records and batches; NaN when interrupted. */
    private double reference() {
        try {
            return ReferenceProducer.measure(endpoints.kafkaBootstrapServers(), spec.name(), DemoSender.BATCH,
                    10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    private static PipelineFigures.TrainerTimes times(JsonNode from, JsonNode to) {
        return new PipelineFigures.TrainerTimes(from.path("examplesSeen").asLong(), to.path("examplesSeen").asLong(),
                from.path("stepNanos").asLong(), to.path("stepNanos").asLong());
    }

    /**
     * Waits until the trainer has checkpointed every record of the train topic and the registry has decided on that
     * checkpoint, printing what happens; a bar named {@code task} follows the trained share. Positions count offsets,
     * and each ingest transaction leaves a commit marker at one, so the bar scales offsets to emails.
     */
    private CheckpointCreated awaitCheckpointed(PipelineEvents.TopicRecords train, String task) {
        TrainerClient trainer = services.trainer();
        boolean toldAboutTail = false;
        long trainTotal = train.records();
        long offsets = train.afterLast().values().stream().mapToLong(Long::longValue).sum();
        double emailsPerOffset = offsets == 0 ? 1 : (double) trainTotal / offsets;
        ProgressBar bar = console.bar(task, trainTotal, " emails");
        try {
            while (true) {
                watcher.pollDecisions();
                CheckpointCreated latest = watcher.latest();
                boolean covered = latest != null && train.coveredBy(latest.offsets());
                long coveredOffsets = latest == null ? 0 : latest.offsets().values().stream()
                        .mapToLong(Long::longValue).sum();
                long trainedOffsets = coveredOffsets;
                JsonNode status = trainer.status(DemoModel.NAME).orElse(null);
                if (status != null) {
                    trainedOffsets = Math.max(coveredOffsets, TrainerClient.position(status));
                    bar.setExtraMessage(String.format(" step %d loss %.3f", status.path("step").asLong(),
                            status.path("lastLoss").asDouble(Double.NaN)));
                }
                boolean allTaken = trainedOffsets >= offsets;
                bar.stepTo(covered || allTaken ? trainTotal
                        : Math.min(trainTotal - 1, Math.round(trainedOffsets * emailsPerOffset)));
                if (allTaken && !covered && !toldAboutTail) {
                    toldAboutTail = true;
                    long left = Math.max(1, Math.round((offsets - coveredOffsets) * emailsPerOffset));
                    console.line(String.format("trainer    has taken all %,d; the last ~%,d go into the next "
                            + "checkpoint (every %d steps or %d s)", trainTotal, left,
                            spec.training().checkpointEverySteps(), spec.training().checkpointEverySeconds()));
                }
                if (covered && watcher.decision(latest.checkpointId()) != null) {
                    return latest;
                }
                checkRunning();
                if (watcher.secondsSinceActivity() > STALL.toSeconds()) {
                    throw new IllegalStateException("Nothing happened in the pipeline for " + STALL.toMinutes()
                            + " minutes (checkpointed up to offset " + coveredOffsets + " of " + offsets + ").");
                }
                Waits.sleep(Duration.ofSeconds(2));
            }
        } finally {
            console.closeBar();
        }
    }

    private void checkRunning() {
        for (StreamtuneService s : StreamtuneService.values()) {
            ServiceProcess p = services.process(s);
            if (p.running().isEmpty()) {
                throw new IllegalStateException(s.shortName() + " is not running any more. Last lines of "
                        + p.logFile() + ":\n" + p.logTail());
            }
        }
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
