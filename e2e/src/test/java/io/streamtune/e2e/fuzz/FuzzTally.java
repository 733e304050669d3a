package io.streamtune.e2e.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the services answered: every status by kind of request, and the first few requests that got a 5xx, anything
 * but a 4xx, or no answer at all (each with the request, to reproduce it).
 */
public final class FuzzTally {

    static final int EXAMPLES_KEPT = 10;

    private final Map<String, Map<Integer, Integer>> byKind = new TreeMap<>();
    private final List<String> serverErrors = new ArrayList<>();
    private final List<String> notRefused = new ArrayList<>();
    private final List<String> noAnswer = new ArrayList<>();
    private final List<String> resentOnes = new ArrayList<>();
    private int requests;
    private int status5xx;
    private int notRefusedCount;
    private int transportErrors;
    private int resent;

    synchronized void answered(FuzzRequest r, int status, String body) {
        requests++;
        byKind.computeIfAbsent(r.kind(), k -> new TreeMap<>()).merge(status, 1, Integer::sum);
        if (status >= 500) {
            status5xx++;
            keep(serverErrors, status + " " + cut(body) + " <- " + r.describe());
        } else if (status < 400) {
            notRefusedCount++;
            keep(notRefused, status + " " + cut(body) + " <- " + r.describe());
        }
    }

    synchronized void failed(FuzzRequest r, Exception e) {
        requests++;
        transportErrors++;
        byKind.computeIfAbsent(r.kind(), k -> new TreeMap<>()).merge(0, 1, Integer::sum);
        keep(noAnswer, e + " <- " + r.describe());
    }

    /** A request sent again after its first try got no answer; its second answer is what counts. */
    synchronized void resent(FuzzRequest r, Exception firstTry) {
        resent++;
        keep(resentOnes, firstTry + " <- " + r.describe());
    }

    public synchronized int requests() {
        return requests;
    }

    public synchronized int status5xx() {
        return status5xx;
    }

    /** Answers outside 4xx and 5xx: a bad request the service took (2xx) or redirected (3xx). */
    public synchronized int notRefused() {
        return notRefusedCount;
    }

    /** Requests sent a second time because the first try got no answer. */
    public synchronized int resent() {
        return resent;
    }

    /** Requests that got no HTTP answer, not even when sent again (the connection closed or timed out). */
    public synchronized int transportErrors() {
        return transportErrors;
    }

    public synchronized int requests(String kindPrefix) {
        return byKind.entrySet().stream().filter(e -> e.getKey().startsWith(kindPrefix))
                .mapToInt(e -> e.getValue().values().stream().mapToInt(Integer::intValue).sum()).sum();
    }

    /** The first requests that got a 5xx, then those not refused, then those without an answer. */
    public synchronized String failures() {
        StringBuilder s = new StringBuilder();
        section(s, "5xx", status5xx, serverErrors);
        section(s, "2xx/3xx (not refused)", notRefusedCount, notRefused);
        section(s, "no answer", transportErrors, noAnswer);
        if (resent > 0) {
            s.append(resent).append(" sent again after a first try without an answer; the first ")
                    .append(resentOnes.size()).append(":\n");
            resentOnes.forEach(e -> s.append("  ").append(e).append('\n'));
        }
        return s.toString();
    }

    /** One line per kind of request: how many, and the statuses they got (0: no answer). */
    public synchronized String table() {
        return byKind.entrySet().stream().map(e -> String.format("| %s | %,d | %s |", e.getKey(),
                e.getValue().values().stream().mapToInt(Integer::intValue).sum(), e.getValue().entrySet().stream()
                        .map(s -> s.getKey() + " × " + s.getValue()).collect(Collectors.joining(", "))))
                .collect(Collectors.joining("\n", "| kind | requests | statuses |\n|---|---|---|\n", "\n"));
    }

    private static void section(StringBuilder s, String what, int count, List<String> examples) {
        if (count > 0) {
            s.append(count).append(" answered ").append(what).append("; the first ").append(examples.size())
                    .append(":\n");
            examples.forEach(e -> s.append("  ").append(e).append('\n'));
        }
    }

    private static void keep(List<String> list, String line) {
        if (list.size() < EXAMPLES_KEPT) {
            list.add(line);
        }
    }

    private static String cut(String body) {
        String b = body == null ? "" : body.replace('\n', ' ');
        return b.length() > 300 ? b.substring(0, 300) + "…" : b;
    }
}
