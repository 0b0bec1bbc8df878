package io.gpwarden.controller.decide;

import io.gpwarden.alerts.Severity;
import io.gpwarden.alerts.EventKind;
import io.gpwarden.controller.jdbc.Reachability;
import io.gpwarden.controller.probe.ProbeResult;
import io.gpwarden.controller.probe.ProbeTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What this round's probes say, after confirmation: an instance is down only after
 * {@code confirmations} failed rounds in a row; a rejected login or an unknown database is a
 * configuration problem reported once for the whole cluster, never a "down"; a live server that
 * has refused new sessions for {@code confirmations} rounds and {@code notServingAfter} is "not
 * serving", never "down" either. Pure.
 */
final class ProbeVerdicts {
    static final String LOGIN_KEY = "configuration-error/database-login";
    static final String NOT_SERVING_PREFIX = "instance-not-serving/";

    private ProbeVerdicts() {
    }

    /** Conditions from confirmed probe failures and configuration problems. */
    static List<Condition> conditions(Map<String, ProbeStreak> streaks, int confirmations, Duration notServingAfter,
                                      Instant now) {
        List<Condition> out = new ArrayList<>();
        List<ProbeResult> misconfigured = new ArrayList<>();
        for (ProbeStreak streak : streaks.values()) {
            ProbeResult r = streak.last();
            if (r.reachability().isConfigurationProblem()) {
                misconfigured.add(r);
            }
            if (streak.notServing(confirmations, notServingAfter, now)) {
                out.add(notServing(r.target(), streak));
            }
            if (!streak.confirmedDown(confirmations)) {
                continue;
            }
            out.add(down(r.target(), streak));
        }
        if (!misconfigured.isEmpty()) {
            out.add(configuration(misconfigured, now));
        }
        return out;
    }

    private static Condition down(ProbeTarget t, ProbeStreak streak) {
        ProbeResult r = streak.last();
        String how = r.reachability() == Reachability.UNRESPONSIVE
                ? "does not answer (" + r.detail() + ")" : "refuses connections (" + r.detail() + ")";
        String failures = streak.failures() + " probes in a row";
        return switch (t.kind()) {
            case COORDINATOR -> Condition.builder(EventKind.COORDINATOR_UNREACHABLE, StandbyKeys.COORDINATOR_UNREACHABLE,
                            Source.PROBE, streak.firstFailureAt())
                    .severity(Severity.CRITICAL)
                    .host(t.hostname()).port(t.endpoint().port()).content(-1)
                    .summary("coordinator " + t.endpoint() + " " + how)
                    .detail(failures + "; " + r.reachability().label())
                    .fact("sqlstate", r.sqlState())
                    .actionTaken("None automatically: Greenplum never fails over its coordinator by itself.")
                    .nextStep("Check the coordinator host and its log. If it cannot come back, confirm the standby is"
                            + " in sync ('gpstate -f') and activate it with 'gpactivatestandby' on the standby host,"
                            + " after making sure the old coordinator cannot restart.")
                    .build();
            case STANDBY -> Condition.builder(EventKind.STANDBY_NOT_STREAMING, StandbyKeys.NOT_STREAMING,
                            Source.PROBE, streak.firstFailureAt())
                    .severity(Severity.CRITICAL)
                    .host(t.hostname()).port(t.endpoint().port()).content(-1)
                    .summary("standby coordinator " + t.endpoint() + " " + how)
                    .detail(failures + "; " + r.reachability().label())
                    .fact("sqlstate", r.sqlState())
                    .actionTaken("None: without a standby a coordinator failure cannot be failed over.")
                    .nextStep("Start the standby on " + t.hostname() + " or re-create it with 'gpinitstandby'.")
                    .build();
            case PRIMARY -> Condition.builder(EventKind.SEGMENT_DOWN, SegmentKeys.down(t.dbid()), Source.PROBE,
                            streak.firstFailureAt())
                    .severity(Severity.CRITICAL)
                    .host(t.hostname()).segment(t.dbid(), t.content(), t.endpoint().port())
                    .summary(t.describe() + " " + how)
                    .detail(failures + "; " + r.reachability().label())
                    .fact("sqlstate", r.sqlState())
                    .actionTaken("Requested an FTS probe scan (gp_request_fts_probe_scan) so Greenplum marks it down"
                            + " and promotes its mirror now rather than at its next probe interval.")
                    .nextStep("Watch for the mirror's promotion; then find why the primary failed (host "
                            + t.hostname() + ", segment log) and run 'gprecoverseg -a'.")
                    .build();
        };
    }

    static String notServingKey(ProbeTarget t) {
        return NOT_SERVING_PREFIX + switch (t.kind()) {
            case COORDINATOR -> "coordinator";
            case STANDBY -> "standby";
            case PRIMARY -> "dbid=" + t.dbid();
        };
    }

    /**
     * Alive, refusing sessions. Users cannot connect to a refusing coordinator, and queries that
     * need a refusing primary fail, so those are critical; a standby that does not take sessions
     * harms nobody until a failover, so that is a warning (its replication has its own conditions).
     */
    private static Condition notServing(ProbeTarget t, ProbeStreak streak) {
        ProbeResult r = streak.last();
        boolean busy = r.reachability() == Reachability.BUSY;
        String name = switch (t.kind()) {
            case COORDINATOR -> "coordinator " + t.endpoint();
            case STANDBY -> "standby coordinator " + t.endpoint();
            case PRIMARY -> t.describe();
        };
        Condition.Builder b = Condition.builder(EventKind.INSTANCE_NOT_SERVING, notServingKey(t), Source.PROBE,
                        streak.refusingSince())
                .severity(t.kind() == ProbeTarget.Kind.STANDBY ? Severity.WARNING : Severity.CRITICAL)
                .host(t.hostname())
                .summary(name + " is alive but refuses new sessions: "
                        + (busy ? "out of connection slots or resources" : "starting up, shutting down or in recovery")
                        + " (" + r.sqlState() + ")")
                .detail(streak.refusals() + " probes in a row; last: " + r.detail())
                .fact("sqlstate", r.sqlState())
                .actionTaken("None: the server is alive, so nothing is reported down and nothing is failed over.")
                .nextStep(busy
                        ? "See who holds the sessions (pg_stat_activity; resource queues or groups), end idle ones;"
                                + " if the load is real, raise max_connections on the coordinator and the segments"
                                + " together (segments need more than the coordinator)."
                        : "A start or crash recovery is taking long: follow its progress in the instance's log on "
                                + t.hostname() + " and let it finish; killing it restarts the recovery.");
        if (t.kind() == ProbeTarget.Kind.PRIMARY) {
            b.segment(t.dbid(), t.content(), t.endpoint().port());
        } else {
            b.port(t.endpoint().port()).content(-1);
        }
        return b.build();
    }

    private static Condition configuration(List<ProbeResult> rejected, Instant now) {
        ProbeResult first = rejected.get(0);
        String where = rejected.stream().map(r -> r.target().describe()).collect(Collectors.joining(", "));
        boolean login = rejected.stream().anyMatch(r -> r.reachability() == Reachability.LOGIN_REJECTED);
        return Condition.builder(EventKind.CONFIGURATION_ERROR, LOGIN_KEY, Source.PROBE, now)
                .severity(Severity.CRITICAL)
                .host(first.target().hostname()).port(first.target().endpoint().port())
                .summary((login ? "the database rejects gpwarden's login: " : "gpwarden cannot connect as configured: ")
                        + first.detail())
                .detail("affected: " + where)
                .fact("sqlstate", first.sqlState())
                .actionTaken("None: these instances are alive, so they are not reported down; the controller"
                        + " retries with backoff (at most one login per 5 s) and cannot watch them meanwhile.")
                .nextStep(login ? "Check cluster.user and the variable or file cluster.password names in"
                        + " controller.yaml, and pg_hba.conf on the affected hosts."
                        : "Check cluster.database, cluster.ssl_mode and the host names in controller.yaml.")
                .build();
    }
}
