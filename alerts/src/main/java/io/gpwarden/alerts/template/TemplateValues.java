package io.gpwarden.alerts.template;

import io.gpwarden.alerts.Incident;
import io.gpwarden.alerts.Location;
import io.gpwarden.alerts.Notification;
import io.gpwarden.alerts.Transition;
import io.gpwarden.alerts.incident.UsageForecast;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The values a template may use, computed from a notification. Pure. */
public final class TemplateValues {

    public static final Set<String> NAMES = Set.of("cluster", "incidentId", "key", "kind", "kindTitle", "severity",
            "transition", "headline", "summary", "detail", "where", "host", "dbid", "content", "port", "path",
            "since", "openFor", "actionTaken", "nextStep", "resolution", "bounces", "facts", "sequence",
            "notificationId", "sentAt", "channel");

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private TemplateValues() {
    }

    public static Map<String, String> of(Notification n, String clusterName) {
        Incident i = n.incident();
        Location where = i.where();
        Instant end = i.resolvedAt() != null ? i.resolvedAt() : n.createdAt();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("cluster", clusterName);
        v.put("incidentId", i.id());
        v.put("key", i.key());
        v.put("kind", i.kind().slug());
        v.put("kindTitle", i.kind().title());
        v.put("severity", i.severity().name());
        v.put("transition", n.transition().name());
        v.put("headline", headline(n));
        v.put("summary", i.summary());
        v.put("detail", orDash(i.detail()));
        v.put("where", where.describe().isEmpty() ? "cluster " + clusterName : where.describe());
        v.put("host", orDash(where.host()));
        v.put("dbid", where.dbid() == null ? "-" : where.dbid().toString());
        v.put("content", where.content() == null ? "-" : where.content().toString());
        v.put("port", where.port() == null ? "-" : where.port().toString());
        v.put("path", orDash(where.path()));
        v.put("since", STAMP.format(i.openedAt()));
        v.put("openFor", UsageForecast.approximately(Duration.between(i.openedAt(), end)).replace("about ", ""));
        v.put("actionTaken", i.actionTaken().isEmpty() ? "nothing automatic" : i.actionTaken());
        v.put("nextStep", n.transition() == Transition.RESOLVED && i.nextStep().isEmpty()
                ? "nothing; check that the cause will not come back" : orDash(i.nextStep()));
        v.put("resolution", i.resolution().isEmpty() ? "the condition cleared" : i.resolution());
        v.put("bounces", Integer.toString(i.bounces()));
        v.put("facts", i.facts().isEmpty() ? "-" : i.facts().entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n")));
        v.put("sequence", Integer.toString(n.sequence()));
        v.put("notificationId", n.id());
        v.put("sentAt", STAMP.format(n.createdAt()));
        v.put("channel", n.channel());
        return v;
    }

    private static String headline(Notification n) {
        return switch (n.transition()) {
            case OPENED -> "OPEN";
            case ESCALATED -> "ESCALATED to " + n.incident().severity();
            case DEESCALATED -> "DOWNGRADED to " + n.incident().severity();
            case RESOLVED -> "RESOLVED";
            case NOTICE -> "NOTICE";
        };
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
