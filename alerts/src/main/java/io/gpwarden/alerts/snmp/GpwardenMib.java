package io.gpwarden.alerts.snmp;

import org.snmp4j.smi.OID;

/**
 * The OIDs of GPWARDEN-MIB (alerts/mib/GPWARDEN-MIB.txt). The arc is a documentation
 * placeholder (RFC 5612 enterprise 32473) that must be replaced by a registered Private
 * Enterprise Number before production; change {@link #ROOT} and the MIB's MODULE-IDENTITY
 * together.
 */
public final class GpwardenMib {

    public static final OID ROOT = new OID("1.3.6.1.4.1.32473");
    public static final OID NOTIFICATIONS = child(ROOT, 0);
    public static final OID OBJECTS = child(ROOT, 1);

    public static final OID INCIDENT_OPENED = child(NOTIFICATIONS, 1);
    public static final OID INCIDENT_CHANGED = child(NOTIFICATIONS, 2);
    public static final OID INCIDENT_RESOLVED = child(NOTIFICATIONS, 3);
    public static final OID NOTICE = child(NOTIFICATIONS, 4);

    public static final OID INCIDENT_ID = scalar(1);
    public static final OID INCIDENT_KEY = scalar(2);
    public static final OID EVENT_KIND = scalar(3);
    public static final OID SEVERITY = scalar(4);
    public static final OID TRANSITION = scalar(5);
    public static final OID CLUSTER_NAME = scalar(6);
    public static final OID HOST = scalar(7);
    public static final OID DBID = scalar(8);
    public static final OID CONTENT_ID = scalar(9);
    public static final OID PORT = scalar(10);
    public static final OID SUMMARY = scalar(11);
    public static final OID DETAIL = scalar(12);
    public static final OID ACTION_TAKEN = scalar(13);
    public static final OID NEXT_STEP = scalar(14);
    public static final OID OPENED_AT = scalar(15);
    public static final OID SEQUENCE = scalar(16);

    private GpwardenMib() {
    }

    private static OID child(OID parent, int sub) {
        OID oid = new OID(parent);
        oid.append(sub);
        return oid;
    }

    /** Scalar instance: {@code gpwardenObjects.N.0}. */
    private static OID scalar(int n) {
        return child(child(OBJECTS, n), 0);
    }
}
