package io.streamtune.registry.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.contracts.ContractViolationException;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.Rules;
import io.streamtune.contracts.Violation;
import io.streamtune.kit.rest.StrictUtf8;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Request bodies read with errors that name the field, instead of the JSON library's. */
final class Requests {

    static final int MAX_REASON_CHARS = 500;

    private Requests() {
    }

    /** A spec for {@code name}: the body's name, when given, must be the path's. */
    static ModelSpec spec(String name, byte[] body) {
        List<Violation> v = new ArrayList<>();
        Rules.modelName("name", name, v);
        if (!v.isEmpty()) {
            throw new InvalidRequestException(v);
        }
        ObjectNode node = object(body, "a ModelSpec");
        JsonNode given = node.get("name");
        if (given != null && !given.isNull() && !name.equals(given.asText())) {
            throw new InvalidRequestException("name", "must be the model name of the path, '" + name + "', got '"
                    + given.asText() + "'");
        }
        node.put("name", name);
        node.remove("eventId"); // every definition is a new event
        node.remove("occurredAt");
        return read(node, ModelSpec.class);
    }

    /** A rollback: the version to go back to and why. */
    static RollbackRequest rollback(byte[] body) {
        RollbackRequest r = read(object(body, "a rollback request"), RollbackRequest.class);
        List<Violation> v = new ArrayList<>();
        if (r.version() == null) {
            v.add(new Violation("version", "is required (the version to roll back to)"));
        } else {
            Rules.range("version", r.version(), 1, Integer.MAX_VALUE, v);
        }
        reason(r.reason(), v);
        if (!v.isEmpty()) {
            throw new InvalidRequestException(v);
        }
        return r;
    }

    /** A quarantine release or drop: why (recorded with it). */
    static String quarantineReason(byte[] body) {
        QuarantineRequest r = read(object(body, "{\"reason\": \"...\"}"), QuarantineRequest.class);
        List<Violation> v = new ArrayList<>();
        reason(r.reason(), v);
        if (!v.isEmpty()) {
            throw new InvalidRequestException(v);
        }
        return r.reason();
    }

    private static void reason(String reason, List<Violation> v) {
        if (reason == null || reason.isBlank()) {
            v.add(new Violation("reason", "is required: say why, it is recorded"));
        } else if (reason.length() > MAX_REASON_CHARS) {
            v.add(new Violation("reason", "must be at most " + MAX_REASON_CHARS + " chars, got " + reason.length()));
        }
    }

    private static ObjectNode object(byte[] body, String what) {
        if (body == null || body.length == 0) {
            throw new InvalidRequestException("body", "is required: " + what + " as JSON");
        }
        JsonNode node;
        try {
            // strict first: Jackson would decode an overlong '/' (C0 AF) inside a label
            node = EventJson.mapper().readTree(StrictUtf8.decode(body));
        } catch (StrictUtf8.MalformedException e) {
            throw new InvalidRequestException("body", "is not valid UTF-8: malformed byte sequence at byte offset "
                    + e.offset());
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            String where = e instanceof JsonProcessingException jpe && jpe.getLocation() != null
                    ? " at line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr() : "";
            throw new InvalidRequestException("body", "is not valid JSON" + where + ": " + detail);
        }
        if (!(node instanceof ObjectNode o)) {
            throw new InvalidRequestException("body", "must be a JSON object: " + what);
        }
        return o;
    }

    private static <T> T read(ObjectNode node, Class<T> type) {
        try {
            return EventJson.mapper().treeToValue(node, type);
        } catch (JsonMappingException e) {
            ContractViolationException cve = violation(e);
            if (cve != null) {
                throw new InvalidRequestException(cve.violations());
            }
            throw new InvalidRequestException(path(e), "has the wrong type: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("body", e.getOriginalMessage());
        }
    }

    private static ContractViolationException violation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ContractViolationException cve) {
                return cve;
            }
        }
        return null;
    }

    private static String path(JsonMappingException e) {
        String p = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                : "[" + r.getIndex() + "]").collect(Collectors.joining("."));
        return p.isEmpty() ? "body" : p.replace(".[", "[");
    }
}
