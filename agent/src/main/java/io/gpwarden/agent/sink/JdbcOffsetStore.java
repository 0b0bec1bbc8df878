package io.gpwarden.agent.sink;

import io.gpwarden.agent.batch.OffsetAdvance;
import io.gpwarden.agent.sql.MetadataTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntToLongFunction;

/**
 * {@link OffsetStore} on the gpwarden_offsets table. Reads and resets use a connection of their
 * own (opened on demand, dropped after an error); {@link #advance} uses the batch's transaction.
 */
public final class JdbcOffsetStore implements OffsetStore {
    private final PgConnections connections;
    private final MetadataTables tables;
    private final String job;
    private final String topic;
    private Connection connection;

    public JdbcOffsetStore(PgConnections connections, MetadataTables tables, String job, String topic) {
        this.connections = connections;
        this.tables = tables;
        this.job = job;
        this.topic = topic;
    }

    private Connection connection() throws SinkException {
        if (connection == null) {
            connection = connections.open();
        }
        return connection;
    }

    private void drop() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Already broken; a new one is opened on the next call.
            }
            connection = null;
        }
    }

    @Override
    public Map<Integer, Long> positions(Collection<Integer> partitions, IntToLongFunction initial, long epoch) throws SinkException {
        try {
            Connection c = connection();
            c.setAutoCommit(true);
            Map<Integer, Long> stored = read(c);
            for (int p : partitions) {
                if (!stored.containsKey(p)) {
                    try (PreparedStatement ps = c.prepareStatement(tables.insertOffsetIfAbsent())) {
                        ps.setString(1, job);
                        ps.setString(2, topic);
                        ps.setInt(3, p);
                        ps.setLong(4, initial.applyAsLong(p));
                        ps.setLong(5, epoch);
                        ps.setString(6, job);
                        ps.setString(7, topic);
                        ps.setInt(8, p);
                        ps.executeUpdate();
                    } catch (SQLException e) {
                        if (!"23505".equals(e.getSQLState())) {
                            throw e;
                        }
                    }
                }
            }
            Map<Integer, Long> all = read(c);
            Map<Integer, Long> out = new TreeMap<>();
            for (int p : partitions) {
                out.put(p, all.get(p));
            }
            return out;
        } catch (SQLException e) {
            drop();
            throw SinkException.of("cannot read stored offsets of " + job, e);
        } catch (SinkException e) {
            drop();
            throw e;
        }
    }

    private Map<Integer, Long> read(Connection c) throws SQLException {
        Map<Integer, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(tables.readOffsets())) {
            ps.setString(1, job);
            ps.setString(2, topic);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    @Override
    public void reset(Map<Integer, Long> positions, long epoch) throws SinkException {
        try {
            Connection c = connection();
            c.setAutoCommit(true);
            for (Map.Entry<Integer, Long> e : positions.entrySet()) {
                try (PreparedStatement ps = c.prepareStatement(tables.resetOffset())) {
                    ps.setLong(1, e.getValue());
                    ps.setLong(2, epoch);
                    ps.setString(3, job);
                    ps.setString(4, topic);
                    ps.setInt(5, e.getKey());
                    ps.setLong(6, epoch);
                    if (ps.executeUpdate() != 1) {
                        throw new SinkException(SinkException.Kind.FENCED, "offset of partition " + e.getKey()
                                + " is held by a newer epoch; not reset");
                    }
                }
            }
        } catch (SQLException e) {
            drop();
            throw SinkException.of("cannot reset stored offsets of " + job, e);
        }
    }

    @Override
    public void advance(Connection tx, List<OffsetAdvance> advances, long epoch) throws SQLException, SinkException {
        try (PreparedStatement ps = tx.prepareStatement(tables.advanceOffset())) {
            for (OffsetAdvance a : advances) {
                ps.setLong(1, a.next());
                ps.setLong(2, epoch);
                ps.setString(3, job);
                ps.setString(4, topic);
                ps.setInt(5, a.partition());
                ps.setLong(6, a.expected());
                ps.setLong(7, epoch);
                if (ps.executeUpdate() != 1) {
                    throw new SinkException(SinkException.Kind.FENCED, "partition " + a.partition()
                            + ": stored offset is no longer " + a.expected() + " (another owner committed, or a newer epoch holds it)");
                }
            }
        }
    }

    @Override
    public void close() {
        drop();
    }
}
