package org.entente.server.detection;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.entente.pattern.Match;
import org.entente.pattern.MatchedObservation;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Role;
import org.entente.server.collection.Catalog;
import org.entente.server.error.ApiException;
import org.entente.server.policy.Administration;
import org.entente.server.policy.Policy;
import org.entente.stix.ObjectStream;
import org.entente.stix.StixParseException;
import org.entente.stix.Timestamps;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * REST API: match a batch of local events against every indicator the node holds. Events are JSON
 * lines (or one JSON array) of flat log records — DNS queries, proxy requests, flows, file hashes,
 * mapped as {@code pattern/src/main/resources/.../event-mapping.json} describes — or STIX
 * observed-data. Matches are answered at once; sightings are stored when their window ends.
 */
@RestController
@RequestMapping("/api/v1/detection")
class DetectionController {
    /** Largest batch accepted, in bytes. */
    static final int MAX_BATCH = 16 * 1024 * 1024;

    private final Detection detection;
    private final Administration admin;
    private final Catalog catalog;
    private final Policy policy;

    DetectionController(Detection detection, Administration admin, Catalog catalog, Policy policy) {
        this.detection = detection;
        this.admin = admin;
        this.catalog = catalog;
        this.policy = policy;
    }

    record MatchResource(String indicator, List<Long> events, String firstSeen, String lastSeen) {}

    /**
     * @param compiling whether the indicators were still being compiled: the events were matched
     *     against the {@code indicators} compiled so far, and the {@code note} says so
     */
    record BatchResource(
            long events,
            long unmapped,
            int indicators,
            long indicatorsLeftOut,
            boolean compiling,
            String note,
            List<MatchResource> matches,
            Integer sightingsStored) {}

    @PostMapping("/events")
    BatchResource events(
            HttpServletRequest request,
            @RequestParam(name = "flush", defaultValue = "false") boolean flush,
            NodePrincipal principal)
            throws IOException {
        admin.require(principal, Role.ADMIN, Role.ANALYST);
        if (!detection.settings().enabled()) {
            throw ApiException.notFound(
                    "detection is off on this node (entente.detection.enabled=false)");
        }
        String encoding = request.getHeader("Content-Encoding");
        if (encoding != null
                && !encoding.isBlank()
                && !encoding.trim().equalsIgnoreCase("identity")) {
            throw ApiException.unsupportedMediaType(
                    "Content-Encoding '"
                            + encoding
                            + "' is not supported: send the events uncompressed, without a"
                            + " Content-Encoding header");
        }
        if (request.getContentLengthLong() > MAX_BATCH) {
            throw ApiException.tooLarge(
                    "a batch of events may be at most " + MAX_BATCH + " bytes; send smaller ones");
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BATCH + 1);
        }
        if (body.length > MAX_BATCH) {
            throw ApiException.tooLarge(
                    "a batch of events may be at most " + MAX_BATCH + " bytes; send smaller ones");
        }
        List<JsonNode> events = new ArrayList<>();
        try (ObjectStream stream = ObjectStream.open(body)) {
            while (stream.hasNext()) {
                JsonNode event = stream.next();
                if (!event.isObject()) {
                    throw ApiException.invalid(
                            "event " + (events.size() + 1) + " is not a JSON object");
                }
                events.add(event);
            }
        } catch (StixParseException e) {
            throw ApiException.invalid("the events cannot be read: " + e.getMessage());
        }
        if (events.isEmpty()) {
            throw ApiException.invalid("no events: send JSON lines, one event per line");
        }
        Detection.Result r = detection.match(events, Reach.of(principal, catalog, policy));
        List<MatchResource> matches = new ArrayList<>(r.matches().size());
        for (Match m : r.matches()) {
            List<Long> lines = new ArrayList<>();
            for (MatchedObservation o : m.observations()) {
                lines.add(o.seq() - r.firstSeq() + 1);
            }
            matches.add(
                    new MatchResource(
                            m.indicatorId(),
                            lines,
                            Timestamps.formatMillis(m.first()),
                            Timestamps.formatMillis(m.last())));
        }
        Integer stored = flush ? detection.flush(true) : null;
        return new BatchResource(
                r.events(),
                r.unmapped(),
                r.indicators(),
                r.leftOut(),
                r.compiling(),
                note(r),
                matches,
                stored);
    }

    private static String note(Detection.Result r) {
        if (r.compiling()) {
            return "the stored indicators are still being compiled: these events were matched"
                    + " against the "
                    + r.indicators()
                    + " compiled so far only; send events again to match them against more";
        }
        if (r.leftOut() > 0) {
            return r.leftOut()
                    + " indicators are not looked for: beyond this node's memory budget for"
                    + " detection (entente.detection.memory-budget) or max-indicators";
        }
        return null;
    }
}
