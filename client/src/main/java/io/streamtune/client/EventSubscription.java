package io.streamtune.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSE side of {@link RegistryClient#subscribe}: okhttp-sse parses the stream; this class reconnects (backoff
 * doubling from min to max, with jitter, reset once a stream opens), sends {@code Last-Event-ID} and lets through only
 * generations above the last one told.
 */
final class EventSubscription implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(EventSubscription.class);

    private final OkHttpClient http;
    private final HttpUrl url;
    private final ChampionListener listener;
    private final Duration min;
    private final Duration max;
    private final ScheduledExecutorService reconnects;
    private final Object lock = new Object();

    private long generation;
    private volatile String lastEventId;
    private volatile boolean connected;
    private volatile boolean closed;
    private EventSource source;
    private int failures;

    private final java.util.function.Consumer<EventSubscription> onClose;

    EventSubscription(OkHttpClient http, HttpUrl url, long afterGeneration, ChampionListener listener, Duration min,
            Duration max, java.util.function.Consumer<EventSubscription> onClose) {
        this.onClose = onClose;
        this.http = http;
        this.url = url;
        this.generation = afterGeneration;
        this.listener = listener;
        this.min = min;
        this.max = max;
        this.reconnects = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "streamtune-events-" + url.pathSegments().get(url.pathSize() - 2));
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        connect();
    }

    private void connect() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            Request.Builder request = new Request.Builder().url(url).header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            source = EventSources.createFactory(http).newEventSource(request.build(), new Handler());
        }
    }

    /** Callbacks of one connection; a connection that is no longer the current one is ignored. */
    private final class Handler extends EventSourceListener {

        @Override
        public void onOpen(EventSource s, Response response) {
            if (current(s)) {
                connected = true;
                synchronized (lock) {
                    failures = 0;
                }
                LOG.debug("events of {} open", url);
            }
        }

        @Override
        public void onEvent(EventSource s, String id, String type, String data) {
            if (!current(s)) {
                return;
            }
            if (id != null && !id.isEmpty()) {
                lastEventId = id;
            }
            ChampionEvent.Kind kind = kind(type);
            if (kind == null) {
                LOG.debug("ignoring event {} on {}", type, url);
                return;
            }
            ChampionEvent event;
            try {
                event = parse(kind, id, RegistryClient.JSON.readTree(data));
            } catch (IOException | RuntimeException e) {
                LOG.warn("unreadable {} event on {}: {}", type, url, e.toString());
                return;
            }
            synchronized (lock) {
                if (closed || event.generation() <= generation) {
                    return;
                }
                generation = event.generation();
                try {
                    listener.onChampion(event);
                } catch (RuntimeException e) {
                    LOG.warn("champion listener failed on {}: {}", event, e.toString(), e);
                }
            }
        }

        @Override
        public void onClosed(EventSource s) {
            lost(s, new IOException("the server closed the event stream"));
        }

        @Override
        public void onFailure(EventSource s, Throwable t, Response response) {
            lost(s, t != null ? t : new IOException("event stream answered " + (response == null ? "nothing"
                    : response.code())));
        }
    }

    private boolean current(EventSource s) {
        synchronized (lock) {
            return !closed && s == source;
        }
    }

    private void lost(EventSource s, Throwable cause) {
        Duration wait;
        synchronized (lock) {
            if (closed || s != source) {
                return;
            }
            connected = false;
            long base = Math.min(max.toMillis(), min.toMillis() << Math.min(failures, 20));
            failures++;
            // up to 20 % less, so that many clients do not reconnect in step after a restart
            wait = Duration.ofMillis(base - (long) (base * 0.2 * ThreadLocalRandom.current().nextDouble()));
            reconnects.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        LOG.info("events of {} lost ({}); reconnecting in {} ms", url, cause.toString(), wait.toMillis());
        try {
            listener.onDisconnected(cause, wait);
        } catch (RuntimeException e) {
            LOG.warn("champion listener failed on disconnect: {}", e.toString());
        }
    }

    private static ChampionEvent.Kind kind(String type) {
        if (type == null) {
            return null;
        }
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "champion" -> ChampionEvent.Kind.CHAMPION;
            case "promotion" -> ChampionEvent.Kind.PROMOTION;
            case "rollback" -> ChampionEvent.Kind.ROLLBACK;
            default -> null;
        };
    }

    static ChampionEvent parse(ChampionEvent.Kind kind, String id, JsonNode d) {
        if (kind != ChampionEvent.Kind.CHAMPION && d.hasNonNull("kind")) {
            kind = "ROLLBACK".equalsIgnoreCase(d.get("kind").asText()) ? ChampionEvent.Kind.ROLLBACK
                    : ChampionEvent.Kind.PROMOTION;
        }
        Integer version = d.hasNonNull("version") ? d.get("version").asInt() : null;
        Integer previous = d.hasNonNull("previousVersion") ? d.get("previousVersion").asInt() : null;
        String checkpoint = version != null && d.hasNonNull("checkpointId") ? d.get("checkpointId").asText() : null;
        String eventId = id != null ? id : d.hasNonNull("eventId") ? d.get("eventId").asText() : null;
        return new ChampionEvent(kind, d.path("model").asText(), version, checkpoint, previous,
                d.path("generation").asLong(0), eventId);
    }

    @Override
    public boolean connected() {
        return connected && !closed;
    }

    @Override
    public long generation() {
        synchronized (lock) {
            return generation;
        }
    }

    @Override
    public String lastEventId() {
        return lastEventId;
    }

    @Override
    public void close() {
        EventSource s;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            connected = false;
            s = source;
        }
        reconnects.shutdownNow();
        if (s != null) {
            s.cancel();
        }
        onClose.accept(this);
    }
}
