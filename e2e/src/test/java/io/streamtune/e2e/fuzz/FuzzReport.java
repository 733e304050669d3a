package io.streamtune.e2e.fuzz;

import io.streamtune.e2e.report.ReportWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code docs/benchmarks/fuzz.json} and the {@code ## fuzz} section of docs/benchmarks.md, from one FuzzIT run. */
public final class FuzzReport {

    public static final String NAME = "fuzz";
    public static final String COMMAND = "./mvnw -B -o verify -pl e2e -Dit.test=FuzzIT -Dtest=none "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false "
            + "-Dstreamtune.fuzz.record=true";

    /** One run: what was sent and how, what came back, what reached Kafka, whether both services stayed up. */
    public record Run(long seed, int threads, double wallSeconds, double totalSeconds, FuzzTally tally,
            java.util.Set<String> topics, long recordsLeaked, int topicsCreated, boolean healthy) {
    }

    private FuzzReport() {
    }

    public static Map<String, Double> numbers(Run r) {
        Map<String, Double> n = new LinkedHashMap<>();
        n.put("requests", (double) r.tally().requests());
        n.put("status_5xx", (double) r.tally().status5xx());
        n.put("records_leaked", (double) r.recordsLeaked());
        n.put("ingest_requests", (double) r.tally().requests("ingest."));
        n.put("registry_requests", (double) r.tally().requests("registry."));
        n.put("not_refused", (double) r.tally().notRefused());
        n.put("no_answer", (double) r.tally().transportErrors());
        n.put("resent", (double) r.tally().resent());
        n.put("topics_created", (double) r.topicsCreated());
        n.put("healthy_after", r.healthy() ? 1.0 : 0.0);
        n.put("wall_s", r.wallSeconds());
        n.put("total_wall_s", r.totalSeconds());
        n.put("threads", (double) r.threads());
        n.put("seed", (double) r.seed());
        n.put("cpu_cores", (double) Runtime.getRuntime().availableProcessors());
        n.put("load_average_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return n;
    }

    public static void write(Path docs, Run r) throws IOException {
        ReportWriter.write(docs, NAME, numbers(r), section(r));
    }

    static String section(Run r) {
        FuzzTally t = r.tally();
        StringBuilder s = new StringBuilder("## " + NAME + "\n\n");
        s.append(String.format(Locale.ROOT, "`%s` on %s → `docs/benchmarks/fuzz.json`. Machine: %d-core CPU, no "
                + "GPU, shared with other builds (load average %.1f at the end). Ingest and the registry run as "
                + "processes (their packaged jars) on a Kafka broker and an S3 server of their own; the trainer and "
                + "the evaluator are not started. The registry first defines two models (`fuzz-a`: spam / ham, texts "
                + "up to 200 chars; `fuzz-b`: a / b / c, up to 1,000), and ingest is sent probes until it knows "
                + "both. Setup and run took %.0f s of wall time in all.\n\n", COMMAND, LocalDate.now(),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), r.totalSeconds()));
        s.append(String.format(Locale.ROOT, "%,d bad requests (%,d to ingest, %,d to the registry), generated with "
                + "jqwik's `Arbitraries` from seed %d (`e2e/src/test/java/io/streamtune/e2e/fuzz/`), shuffled, "
                + "sent from %d threads over keep-alive HTTP/1.1 in %.1f s. Where a request has one fault, the rest "
                + "of it is valid, so a check that let it through would write it:\n\n", t.requests(),
                t.requests("ingest."), t.requests("registry."), r.seed(), r.threads(), r.wallSeconds()));
        s.append("""
                - ingest: missing, malformed, near-miss, oversized and other services' keys, a bad Bearer key beside \
                a good one; a key without the model; model names with path traversal, encoded slashes and NULs, \
                upper case, unicode, over 63 chars and past the URL limit, unknown models; wrong content types and \
                charsets; examples each broken in one to three ways (missing, null or mistyped text / label / id / \
                eventTime / metadata, unknown labels, texts over the model's limit, NULs, bad ids and instants, \
                17+ metadata entries, oversized metadata keys and values, fields a client may not send, repeated \
                keys) alone, in small batches, or as the one bad example among 50 to 999 valid ones (JSON arrays \
                and NDJSON); 1,001+ examples; malformed JSON, cut-off documents, invalid UTF-8, nesting 500 to \
                20,000 deep, numbers of up to 5,000 digits, other JSON values, random bytes and text; bodies over \
                the 4 MiB limit (up to 12 MB, below the HTTP server's own 16 MiB cut-off), with a length or chunked; \
                wrong methods.
                - registry: model specs with every field in turn out of range, of a wrong type, missing or null \
                (name, labels — too few, repeated, blank, control characters, over 128 chars, over 10,000 of them —, \
                baseModel as a path or URL, maxTextChars, heldoutPercent, minHeldout, each training and promotion \
                setting, unknown enum values), on top of changes the registry accepts, under existing and new names; \
                garbage bodies as above; valid specs under bad names; valid specs and rollbacks with bad admin keys \
                (a valid spec for a new model, so a key check that failed would create it); rollbacks with bad \
                bodies and to versions that do not exist; reads of models, versions, downloads, decision pages, \
                history, training and events that do not exist or with bad parameters and Accept headers; wrong \
                methods.

                """);
        s.append("| figure | value |\n|---|---|\n");
        s.append(String.format(Locale.ROOT, "| requests | %,d |%n", t.requests()));
        s.append(String.format(Locale.ROOT, "| **answered 5xx** (`status_5xx`) | **%,d** |%n", t.status5xx()));
        s.append(String.format(Locale.ROOT, "| answered 2xx / 3xx (a bad request taken) | %,d |%n", t.notRefused()));
        s.append(String.format(Locale.ROOT, "| no answer, even when sent again (connection closed or timed out) | "
                + "%,d |%n", t.transportErrors()));
        s.append(String.format(Locale.ROOT, "| sent again: the first try found its keep-alive connection closed "
                + "by the server (after a 414, say) | %,d |%n", t.resent()));
        s.append(String.format(Locale.ROOT, "| **records written to Kafka** (`records_leaked`) | **%,d** |%n",
                r.recordsLeaked()));
        s.append(String.format(Locale.ROOT, "| topics created | %d |%n", r.topicsCreated()));
        s.append(String.format(Locale.ROOT, "| `/q/health` of both services after the run | %s |%n%n",
                r.healthy() ? "UP" : "not UP"));
        s.append("`records_leaked` is the growth of the end offset of every partition of every topic on the broker "
                + "(a topic created during the run counts with its whole end offset) between a reading taken after "
                + "the two models were defined and one taken after the last answer; only Kafka's internal "
                + "`__consumer_offsets` and `__transaction_state` are left out (the services' consumer groups move "
                + "them by themselves). The topics read: " + r.topics().stream().map(n -> "`" + n + "`")
                        .collect(java.util.stream.Collectors.joining(", ")) + " (the registry creates the "
                + "shared ones at startup, ingest a model's train and held-out topics when it learns the spec; the "
                + "first reading waits for both).\n\n");
        s.append("Statuses by kind of request (0: no answer):\n\n").append(t.table());
        return s.toString();
    }
}
