package io.gpwarden.testcluster.catalog;

import io.gpwarden.testcluster.layout.InstancePlan;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row of {@code gp_segment_configuration}, with Greenplum's value domains: role and
 * preferred_role {@code p}/{@code m}, mode {@code s} (synchronized) / {@code n} (not in sync),
 * status {@code u}/{@code d}; content -1 is the coordinator (role p) or its standby (role m).
 */
public record SegmentRow(int dbid, int content, char role, char preferredRole, char mode, char status, int port,
                         String hostname, String address, String datadir) {

    static SegmentRow from(ResultSet rs) throws SQLException {
        return new SegmentRow(rs.getInt("dbid"), rs.getInt("content"), rs.getString("role").charAt(0),
                rs.getString("preferred_role").charAt(0), rs.getString("mode").charAt(0),
                rs.getString("status").charAt(0), rs.getInt("port"), rs.getString("hostname"),
                rs.getString("address"), rs.getString("datadir"));
    }

    /** The row gpinitsystem writes for a planned instance. */
    public static SegmentRow of(InstancePlan p, char mode) {
        return new SegmentRow(p.dbid(), p.content(), p.role(), p.role(), mode, 'u', p.port(), p.hostname(),
                p.address(), p.datadir());
    }

    public boolean isUp() {
        return status == 'u';
    }

    public boolean isPrimary() {
        return role == 'p';
    }

    public boolean isCoordinatorSide() {
        return content == -1;
    }

    public boolean inPreferredRole() {
        return role == preferredRole;
    }

    public SegmentRow with(char newRole, char newMode, char newStatus) {
        return new SegmentRow(dbid, content, newRole, preferredRole, newMode, newStatus, port, hostname, address, datadir);
    }

    public SegmentRow withLocation(String newHostname, String newAddress, int newPort, String newDatadir) {
        return new SegmentRow(dbid, content, role, preferredRole, mode, status, newPort, newHostname, newAddress, newDatadir);
    }

    public SegmentRow withPreferredRole(char newPreferredRole) {
        return new SegmentRow(dbid, content, role, newPreferredRole, mode, status, port, hostname, address, datadir);
    }

    /** {@code address|port|datadir}, the form Greenplum's utility files use. */
    public String triple() {
        return address + "|" + port + "|" + datadir;
    }
}
