package io.gpwarden.testcluster.snmp;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * One notification snmptrapd accepted (for v3: authenticated and decrypted; what it cannot
 * authenticate it neither logs nor acknowledges), as it printed it.
 *
 * @param security how it came: {@code TRAP2, SNMP v2c, community public} or
 *                 {@code INFORM, SNMP v3, user gpwarden, context }
 * @param varbinds in the order received, by numeric OID with a leading dot, each value as
 *                 snmptrapd prints it with numeric OIDs: {@code STRING: "segment/dbid=3"},
 *                 {@code INTEGER: 1}, {@code OID: .1.3.6.1.4.1.32473.0.1}, and {@code ""} for an
 *                 empty string; a value may span lines
 */
public record ReceivedNotification(String security, Map<String, String> varbinds) {
    /** {@code snmpTrapOID.0}: which notification this is. */
    public static final String SNMP_TRAP_OID = ".1.3.6.1.6.3.1.1.4.1.0";
    /** {@code sysUpTime.0}: the sender's uptime. */
    public static final String SYS_UP_TIME = ".1.3.6.1.2.1.1.3.0";

    private static final Pattern TYPE_PREFIX = Pattern.compile("^[A-Za-z][A-Za-z0-9-]*: ");

    public ReceivedNotification {
        varbinds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(varbinds));
    }

    /** {@code TRAP2} or {@code INFORM}. */
    public String pdu() {
        int comma = security.indexOf(',');
        return comma < 0 ? security : security.substring(0, comma);
    }

    /** The value of {@code oid} (with or without its leading dot) as printed, or null when it was not sent. */
    public String value(String oid) {
        return varbinds.get(oid.startsWith(".") ? oid : "." + oid);
    }

    /**
     * The value of {@code oid} without its type and quotes ({@code segment/dbid=3}, {@code 1},
     * {@code .1.3.6.1.4.1.32473.0.1}), or null when it was not sent.
     */
    public String text(String oid) {
        String v = value(oid);
        if (v == null) {
            return null;
        }
        String bare = TYPE_PREFIX.matcher(v).replaceFirst("");
        return bare.length() >= 2 && bare.startsWith("\"") && bare.endsWith("\"") ? bare.substring(1, bare.length() - 1)
                : bare;
    }

    /** The notification's OID ({@code snmpTrapOID.0}) with its leading dot. */
    public String trapOid() {
        return text(SNMP_TRAP_OID);
    }

    /** Whether any value contains {@code needle}: finds a notification by an id it carries. */
    public boolean mentions(String needle) {
        return varbinds.values().stream().anyMatch(v -> v.contains(needle));
    }
}
