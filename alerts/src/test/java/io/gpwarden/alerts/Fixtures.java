package io.gpwarden.alerts;

import io.gpwarden.alerts.incident.Decision;
import io.gpwarden.alerts.incident.IncidentState;
import io.gpwarden.alerts.incident.Phase;
import java.time.Instant;
import java.util.List;

/** Named scenario values shared by unit tests. */
public final class Fixtures {
    public static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private Fixtures() {
    }

    public static Event segmentDown(int dbid) {
        return Event.builder(EventKind.SEGMENT_DOWN, "segment/dbid=" + dbid)
                .where(Location.segment("sdw1", dbid, dbid - 2, 6000 + dbid))
                .summary("primary dbid " + dbid + " is down")
                .detail("connection refused")
                .actionTaken("FTS promoted the mirror on sdw2")
                .nextStep("run gprecoverseg")
                .build();
    }

    public static Incident incident(String id, int dbid) {
        return Incident.open(id, segmentDown(dbid), T0);
    }

    /** An OPENED decision for one incident to the given channels. */
    public static Decision opened(String incidentId, int dbid, String... channels) {
        Incident incident = incident(incidentId, dbid);
        List<Notification> notifications = java.util.Arrays.stream(channels)
                .map(c -> Notification.of(c, Transition.OPENED, 1, incident, T0)).toList();
        IncidentState state = new IncidentState(incident, Phase.OPEN, null, 1, List.of(channels));
        return new Decision(List.of(state), List.of(), notifications);
    }
}
