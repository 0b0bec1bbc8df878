package io.gpwarden.alerts.snmp;

import io.gpwarden.alerts.EventKind;
import io.gpwarden.alerts.Incident;
import io.gpwarden.alerts.Location;
import io.gpwarden.alerts.Notification;
import io.gpwarden.alerts.Severity;
import io.gpwarden.alerts.Transition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.UnsignedInteger32;
import org.snmp4j.smi.VariableBinding;

/**
 * Turns a notification into SNMPv2 notification varbinds: {@code sysUpTime.0},
 * {@code snmpTrapOID.0}, then the objects. Pure. Strings become DisplayStrings: printable
 * ASCII (anything else becomes '?'), cut to 255 characters.
 */
public final class NotificationVarbinds {

    private NotificationVarbinds() {
    }

    /** GPWARDEN-MIB: one of four notification types, sixteen objects. */
    public static List<VariableBinding> gpwarden(Notification n, String clusterName, Duration uptime) {
        Incident i = n.incident();
        Location where = i.where();
        List<VariableBinding> vbs = header(uptime, trapOid(n.transition()));
        vbs.add(new VariableBinding(GpwardenMib.INCIDENT_ID, text(i.id(), 64)));
        vbs.add(new VariableBinding(GpwardenMib.INCIDENT_KEY, text(i.key(), 255)));
        vbs.add(new VariableBinding(GpwardenMib.EVENT_KIND, new Integer32(i.kind().code())));
        vbs.add(new VariableBinding(GpwardenMib.SEVERITY, new Integer32(i.severity().code())));
        vbs.add(new VariableBinding(GpwardenMib.TRANSITION, new Integer32(n.transition().code())));
        vbs.add(new VariableBinding(GpwardenMib.CLUSTER_NAME, text(clusterName, 255)));
        vbs.add(new VariableBinding(GpwardenMib.HOST, text(where.host() == null ? "" : where.host(), 255)));
        vbs.add(new VariableBinding(GpwardenMib.DBID, new Integer32(where.dbid() == null ? 0 : where.dbid())));
        vbs.add(new VariableBinding(GpwardenMib.CONTENT_ID,
                new Integer32(where.content() == null ? -2 : where.content())));
        vbs.add(new VariableBinding(GpwardenMib.PORT, new Integer32(where.port() == null ? 0 : where.port())));
        vbs.add(new VariableBinding(GpwardenMib.SUMMARY, text(i.summary(), 255)));
        String detail = i.detail();
        if (where.path() != null && !detail.contains(where.path())) {
            detail = (where.path() + " " + detail).strip();
        }
        vbs.add(new VariableBinding(GpwardenMib.DETAIL, text(detail, 255)));
        vbs.add(new VariableBinding(GpwardenMib.ACTION_TAKEN, text(i.actionTaken(), 255)));
        vbs.add(new VariableBinding(GpwardenMib.NEXT_STEP, text(i.nextStep(), 255)));
        vbs.add(new VariableBinding(GpwardenMib.OPENED_AT, dateAndTime(i.openedAt())));
        vbs.add(new VariableBinding(GpwardenMib.SEQUENCE, new UnsignedInteger32(n.sequence())));
        return vbs;
    }

    /**
     * Greenplum's gpdbAlert layout. The message starts with the transition and ends with the
     * incident id, so a receiver can tell an open from a resolve and drop retransmissions.
     */
    public static List<VariableBinding> greenplum(Notification n, String systemName, Duration uptime) {
        Incident i = n.incident();
        String where = i.where().describe();
        String msg = n.transition() + " " + i.kind().title() + ": " + i.summary()
                + (where.isEmpty() ? "" : " (" + where + ")") + " [gpwarden incident " + i.id() + "]";
        String system = i.where().host() != null && i.where().port() != null
                ? i.where().host() + ":" + i.where().port() : systemName;
        List<VariableBinding> vbs = header(uptime, GreenplumMib.GPDB_ALERT);
        vbs.add(new VariableBinding(GreenplumMib.MSG, text(msg, 255)));
        vbs.add(new VariableBinding(GreenplumMib.SEVERITY, new Integer32(greenplumSeverity(n))));
        vbs.add(new VariableBinding(GreenplumMib.SQLSTATE, text(i.facts().getOrDefault("sqlstate", ""), 5)));
        String detail = i.detail().isEmpty() ? i.actionTaken() : i.detail();
        vbs.add(new VariableBinding(GreenplumMib.DETAIL, text(detail, GreenplumMib.DETAIL_MAX)));
        vbs.add(new VariableBinding(GreenplumMib.SQL_STMT, text("", 0)));
        vbs.add(new VariableBinding(GreenplumMib.SYSTEM_NAME, text(system, 255)));
        return vbs;
    }

    /** GPDB-MIB severity for a transition: resolved is Ok; a lost coordinator is SystemDown. */
    static int greenplumSeverity(Notification n) {
        Incident i = n.incident();
        if (n.transition() == Transition.RESOLVED) {
            return GreenplumMib.SEV_OK;
        }
        if (i.kind() == EventKind.CONFIGURATION_ERROR) {
            return GreenplumMib.SEV_ERROR;
        }
        if (i.severity() == Severity.CRITICAL) {
            return i.kind() == EventKind.COORDINATOR_UNREACHABLE
                    ? GreenplumMib.SEV_SYSTEM_DOWN : GreenplumMib.SEV_SYSTEM_DEGRADED;
        }
        return i.severity() == Severity.WARNING ? GreenplumMib.SEV_WARNING : GreenplumMib.SEV_OK;
    }

    static OID trapOid(Transition transition) {
        return switch (transition) {
            case OPENED -> GpwardenMib.INCIDENT_OPENED;
            case ESCALATED, DEESCALATED -> GpwardenMib.INCIDENT_CHANGED;
            case RESOLVED -> GpwardenMib.INCIDENT_RESOLVED;
            case NOTICE -> GpwardenMib.NOTICE;
        };
    }

    private static List<VariableBinding> header(Duration uptime, OID trapOid) {
        List<VariableBinding> vbs = new ArrayList<>();
        vbs.add(new VariableBinding(SnmpConstants.sysUpTime, new TimeTicks(Math.max(0, uptime.toMillis() / 10))));
        vbs.add(new VariableBinding(SnmpConstants.snmpTrapOID, trapOid));
        return vbs;
    }

    /** A DisplayString: printable ASCII only, at most {@code max} characters. */
    static OctetString text(String s, int max) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), max));
        for (int k = 0; k < s.length() && out.length() < max; k++) {
            char c = s.charAt(k);
            out.append(c == '\n' || c == '\r' || c == '\t' ? ' ' : (c >= 0x20 && c < 0x7f ? c : '?'));
        }
        return new OctetString(out.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** SNMPv2-TC DateAndTime, 11 octets, UTC. */
    static OctetString dateAndTime(Instant at) {
        ZonedDateTime t = at.atZone(ZoneOffset.UTC);
        byte[] b = new byte[11];
        b[0] = (byte) (t.getYear() >> 8);
        b[1] = (byte) t.getYear();
        b[2] = (byte) t.getMonthValue();
        b[3] = (byte) t.getDayOfMonth();
        b[4] = (byte) t.getHour();
        b[5] = (byte) t.getMinute();
        b[6] = (byte) t.getSecond();
        b[7] = (byte) (t.getNano() / 100_000_000);
        b[8] = (byte) '+';
        b[9] = 0;
        b[10] = 0;
        return new OctetString(b);
    }
}
