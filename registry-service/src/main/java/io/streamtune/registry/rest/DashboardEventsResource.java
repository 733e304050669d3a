package io.streamtune.registry.rest;

import io.smallrye.mutiny.Multi;
import io.streamtune.registry.messaging.PromotionFeed;
import io.streamtune.registry.training.TrainerMonitor;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Every model on one server-sent event stream, so a page watching many models holds one connection (browsers allow
 * six per host over HTTP/1.1): {@code promotion} / {@code rollback} ({@code ModelPromoted}) and {@code training}
 * ({@code TrainerStats}, at each checkpoint announcement). Events carry their model; there is no replay.
 */
@Path("/api/v1/events")
@Tag(name = "events")
public class DashboardEventsResource {

    private final PromotionFeed feed;
    private final TrainerMonitor trainers;

    public DashboardEventsResource(PromotionFeed feed, TrainerMonitor trainers) {
        this.feed = feed;
        this.trainers = trainers;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Promotions, rollbacks and training stats of every model, as they happen")
    public Multi<OutboundSseEvent> events(@Context Sse sse) {
        Multi<OutboundSseEvent> moves = feed.all().map(e -> EventsResource.move(sse, e));
        Multi<OutboundSseEvent> training = trainers.updates().map(s -> sse.newEventBuilder().name("training")
                .mediaType(MediaType.APPLICATION_JSON_TYPE).data(s).build());
        return Multi.createBy().merging().streams(Multi.createFrom().item(sse.newEventBuilder().comment("open")
                .build()), moves, training, EventsResource.keepAlive(sse));
    }
}
