package io.gpwarden.alerts.snmp;

import org.snmp4j.smi.OID;

/**
 * Greenplum's legacy {@code gpdbAlert} notification (GPDB-MIB, enterprise 31327), as its
 * server sent it: {@code snmpTrapOID.0 = gpdbAlert} and the six varbinds below, with these
 * exact OIDs (no instance suffix), in this order. Used only in Greenplum-compatible mode, so
 * that an NMS with rules for Greenplum's alerts keeps working; gpwarden's own notifications
 * use {@link GpwardenMib}.
 */
public final class GreenplumMib {

    public static final OID GPDB_ALERT = new OID("1.3.6.1.4.1.31327.5.0.1");
    public static final OID MSG = new OID("1.3.6.1.4.1.31327.1.1");
    public static final OID SEVERITY = new OID("1.3.6.1.4.1.31327.1.2");
    public static final OID SQLSTATE = new OID("1.3.6.1.4.1.31327.1.3");
    public static final OID DETAIL = new OID("1.3.6.1.4.1.31327.1.4");
    public static final OID SQL_STMT = new OID("1.3.6.1.4.1.31327.1.5");
    public static final OID SYSTEM_NAME = new OID("1.3.6.1.4.1.31327.1.6");

    /** gpdbAlertDetail was cut to this many characters by Greenplum. */
    public static final int DETAIL_MAX = 127;

    /** GPDB-MIB severity enumeration. */
    public static final int SEV_OK = 1;
    public static final int SEV_WARNING = 2;
    public static final int SEV_ERROR = 3;
    public static final int SEV_SYSTEM_DEGRADED = 6;
    public static final int SEV_SYSTEM_DOWN = 7;

    private GreenplumMib() {
    }
}
