package io.streamtune.registry.rest;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.streamtune.contracts.ChampionPointer;
import io.streamtune.contracts.ModelPromoted;
import io.streamtune.registry.messaging.PromotionFeed;
import io.streamtune.registry.promotion.PromotionEngine;
import io.streamtune.registry.promotion.SpecStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Server-sent events so an app can hot-swap without polling: first {@code champion} (the champion now), then a
 * {@code promotion} or {@code rollback} event (a {@code ModelPromoted}, id = its event id) at each move.
 *
 * <p>Every event that names a champion has the id of that pointer generation's announcement, so the
 * {@code Last-Event-ID} a reconnecting client sends is the last generation it saw. The stream does not replay history:
 * on every connection the first event is the champion now, and a client that sees a higher generation than the one it
 * serves swaps to it (the moves in between were superseded anyway).
 */
@Path("/api/v1/models/{name}/events")
@Tag(name = "events", description = "Champion moves as server-sent events")
public class EventsResource {

    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final SpecStore specs;
    private final ChampionViews champions;
    private final PromotionFeed feed;

    public EventsResource(SpecStore specs, ChampionViews champions, PromotionFeed feed) {
        this.specs = specs;
        this.champions = champions;
        this.feed = feed;
    }

    @GET
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Promotions and rollbacks of a model, as they happen")
    public Multi<OutboundSseEvent> events(@RestPath String name, @Context Sse sse) {
        Models.spec(specs, name);
        Optional<ChampionPointer> pointer = champions.pointer(name);
        OutboundSseEvent.Builder now = sse.newEventBuilder().name("champion").mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(Views.ChampionState.of(name, pointer.orElse(null)));
        pointer.ifPresent(p -> now.id(PromotionEngine.announcementId(name, p.generation())));
        Multi<OutboundSseEvent> moves = feed.stream(name).map(e -> move(sse, e));
        return Multi.createBy().merging().streams(Multi.createFrom().item(now.build()), moves, keepAlive(sse));
    }

    /** A champion move as an event named {@code promotion} or {@code rollback}, id = its event id. */
    static OutboundSseEvent move(Sse sse, ModelPromoted e) {
        return sse.newEventBuilder().name(e.kind() == ModelPromoted.Kind.ROLLBACK ? "rollback" : "promotion")
                .id(e.eventId()).mediaType(MediaType.APPLICATION_JSON_TYPE).data(e).build();
    }

    /** A comment every {@link #KEEP_ALIVE}, so proxies keep an idle stream open. */
    static Multi<OutboundSseEvent> keepAlive(Sse sse) {
        return Multi.createFrom().ticks().every(KEEP_ALIVE).map(t -> sse.newEventBuilder().comment("keep-alive")
                .build());
    }
}
