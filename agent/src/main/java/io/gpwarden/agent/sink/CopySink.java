package io.gpwarden.agent.sink;

import io.gpwarden.agent.batch.Batch;
import io.gpwarden.agent.batch.Rejected;
import io.gpwarden.agent.copy.CopyBinaryBuffer;
import io.gpwarden.agent.copy.CopyBuffer;
import io.gpwarden.agent.copy.CopyTextBuffer;
import io.gpwarden.agent.copy.SessionTimeZone;
import io.gpwarden.agent.job.JobSpec;
import io.gpwarden.agent.plan.LoadPlan;
import io.gpwarden.agent.plan.TargetTable;
import io.gpwarden.agent.sql.LoadStatements;
import io.gpwarden.agent.sql.MetadataTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Sink} that writes with COPY (pgjdbc's CopyManager), one transaction per batch:
 *
 * <ol>
 *   <li>rows: COPY straight into the target (direct plan), or COPY into the staging table then
 *       the plan's INSERT / MERGE / UPDATE statements, under a savepoint;</li>
 *   <li>if the database refuses a value (SQLSTATE class 22/23), roll back to the savepoint and
 *       split the batch in halves until each refused row stands alone; those rows join the
 *       rejected records, the rest are written;</li>
 *   <li>ERROR_LIMIT: if the batch rejected too many, roll back everything, record the rejected
 *       records alone (so the operator can see them) and stop the job;</li>
 *   <li>rejected records into the error table; the offsets compare-and-set; post-batch SQL;</li>
 *   <li>COMMIT.</li>
 * </ol>
 * Every failure is classified once, here ({@link SqlErrors}).
 */
public final class CopySink implements Sink {
    private static final Logger LOG = LoggerFactory.getLogger(CopySink.class);

    private final JobSpec job;
    private final PgConnections connections;
    private final OffsetStore offsets;
    private final IngestGate gate;
    private Connection connection;
    private boolean greenplum;
    private MetadataTables metadata;
    private LoadPlan plan;
    private LoadStatements statements;
    private long committedBatches;
    private final boolean evaluateInAgent;
    private final boolean binaryAllowed;
    private final boolean insertFirstAllowed;
    private final SessionTimeZone timeZone = new SessionTimeZone();
    private int copyStart;
    private boolean insertFirst;
    private final InsertFirstPolicy insertFirstPolicy = new InsertFirstPolicy();

    public CopySink(JobSpec job, PgConnections connections, OffsetStore offsets, IngestGate gate, boolean evaluateInAgent) {
        this(job, connections, offsets, gate, evaluateInAgent, true, true);
    }

    /**
     * {@code binaryAllowed}: whether rows may travel in COPY binary format (see {@link LoadPlan#binaryCopy()});
     * {@code insertFirstAllowed}: whether MERGE batches of new keys may try a plain insert first.
     */
    public CopySink(JobSpec job, PgConnections connections, OffsetStore offsets, IngestGate gate, boolean evaluateInAgent,
                    boolean binaryAllowed, boolean insertFirstAllowed) {
        this.evaluateInAgent = evaluateInAgent;
        this.binaryAllowed = binaryAllowed;
        this.insertFirstAllowed = insertFirstAllowed;
        this.job = job;
        this.connections = connections;
        this.offsets = offsets;
        this.gate = gate;
    }

    @Override
    public void open() throws SinkException {
        closeConnection();
        Connection c = connections.open();
        try {
            c.setAutoCommit(true);
            greenplum = queryString(c, "SELECT version()").contains("Greenplum");
            metadata = new MetadataTables(job.metadataSchema(), greenplum);
            TargetCatalog catalog = new TargetCatalog(job);
            catalog.ensureMetadataTables(c, metadata);
            TargetTable table = catalog.describe(c);
            if (plan == null) {
                plan = LoadPlan.of(job, table, evaluateInAgent, binaryAllowed);
                LOG.info("job {}: {} path into {}.{}, {} of {} values computed in the agent, COPY {} format", job.name(),
                        plan.path() == LoadPlan.Path.DIRECT ? "direct COPY" : "staged " + job.output().mode(),
                        table.schema(), table.name(), plan.agentComputedTargets(), plan.targetColumns().size(),
                        plan.binaryCopy() ? "binary" : "text");
            }
            timeZone.observe(sessionTimeZone(c));
            statements = new LoadStatements(plan, greenplum, plan.path() == LoadPlan.Path.STAGED
                    && job.output().mode() != io.gpwarden.agent.job.Output.LoadMode.INSERT && catalog.matchIndexed(c));
            insertFirst = insertFirstAllowed && job.output().mode() == io.gpwarden.agent.job.Output.LoadMode.MERGE
                    && plan.appliesFromStage() && plan.keyColumns() != null && catalog.uniqueWithinMatchColumns(c);
            try (Statement s = c.createStatement()) {
                // Staging a batch of 100k rows in the default 8 MB of temporary buffers spills to disk.
                s.execute("SET temp_buffers = '128MB'");
                for (String sql : statements.createTemporaryTables()) {
                    s.execute(sql);
                }
            }
            c.setAutoCommit(false);
            connection = c;
        } catch (SQLException e) {
            quietClose(c);
            throw SinkException.of("cannot prepare the session on " + connections.target(), e);
        } catch (SinkException | RuntimeException e) {
            quietClose(c);
            throw e;
        }
    }

    @Override
    public LoadPlan plan() {
        return plan;
    }

    @Override
    public SessionTimeZone timeZone() {
        return timeZone;
    }

    /** The session's TimeZone as the server last reported it (no round trip: pgjdbc tracks ParameterStatus). */
    private static String sessionTimeZone(Connection c) throws SQLException {
        return c.unwrap(PGConnection.class).getParameterStatus("TimeZone");
    }

    public MetadataTables metadata() {
        return metadata;
    }

    @Override
    public BatchOutcome write(Batch batch, long epoch) throws SinkException {
        try {
            gate.enter();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException(SinkException.Kind.RETRIABLE, "interrupted while the ingest gate was closed");
        }
        try {
            if (connection == null) {
                open();
            }
            return transaction(batch, epoch);
        } finally {
            gate.leave();
        }
    }

    private BatchOutcome transaction(Batch batch, long epoch) throws SinkException {
        Connection c = connection;
        try {
            boolean utc = timeZone.observe(sessionTimeZone(c));
            long written;
            List<RowIsolation.Refused> refused = new ArrayList<>();
            Savepoint sp = c.setSavepoint();
            try {
                written = streamRows(batch);
                c.releaseSavepoint(sp);
            } catch (SQLException e) {
                if (SqlErrors.classify(e) != SqlErrors.Kind.DATA) {
                    throw e;
                }
                batch.awaitClosed();
                c.rollback(sp);
                LOG.info("job {}: batch {} refused by the database ({}); isolating the rows it refuses",
                        job.name(), batch.sequence(), RowIsolation.message(e));
                int n = batch.rowCount();
                int[] all = new int[n];
                for (int i = 0; i < n; i++) {
                    all[i] = i;
                }
                written = new RowIsolation(c, (rows, from, to) -> writeRows(batch, rows, from, to),
                        (e2, from, to) -> refusedRow(e2, to), refused).write(all, 0, n);
            }
            if (batch.reliedOnUtc() && !utc) {
                // Values written without an offset were converted as UTC, but the session reads them
                // in another zone now (SET TimeZone in POST_BATCH_SQL): read the batch again, as text.
                throw new SinkException(SinkException.Kind.RETRIABLE, "batch " + batch.sequence() + " of job " + job.name()
                        + " converted timestamps as UTC but the session TimeZone is now " + sessionTimeZone(c)
                        + "; rolled back to be read again");
            }
            List<Rejected> rejected = new ArrayList<>(batch.rejectedWhileEncoding());
            for (RowIsolation.Refused r : refused) {
                rejected.add(batch.rowAsRejected(r.row(), r.error()));
            }
            if (!rejected.isEmpty() && job.errorLimit().exceeded(rejected.size(), batch.records())) {
                c.rollback();
                recordAlone(rejected);
                throw new SinkException(SinkException.Kind.ERROR_LIMIT, "ERROR_LIMIT " + job.errorLimit() + " exceeded: "
                        + rejected.size() + " of " + batch.records() + " records of one batch rejected (partitions "
                        + batch.partitionsCovered() + "); nothing of that batch was loaded. The rejected records are in "
                        + metadata.errorsTable() + " (job = '" + job.name() + "'); first error: " + rejected.get(0).error());
            }
            insertErrors(c, rejected);
            offsets.advance(c, batch.advances(), epoch);
            if (job.postBatch().isPresent() && (committedBatches + 1) % job.postBatch().get().everyBatches() == 0) {
                try (Statement s = c.createStatement()) {
                    s.execute(job.postBatch().get().sql());
                }
            }
            c.commit();
            committedBatches++;
            return new BatchOutcome(written, rejected.size());
        } catch (SQLException e) {
            rollbackQuietly();
            SinkException se = SinkException.of("batch " + batch.sequence() + " of job " + job.name() + " rolled back", e);
            if (se.kind() != SinkException.Kind.FATAL) {
                closeConnection();
            }
            throw se;
        } catch (SinkException e) {
            rollbackQuietly();
            throw e;
        } catch (Batch.AbandonedException e) {
            rollbackQuietly();
            throw new SinkException(SinkException.Kind.ABANDONED, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            rollbackQuietly();
            throw new SinkException(SinkException.Kind.ABANDONED, "interrupted");
        }
    }

    /**
     * The whole batch, streamed: the COPY starts at once and sends each chunk as the decoder
     * publishes it, until the batch is closed; then the rows that travel as text (a binary batch's
     * values without an exact binary form) in a second COPY; then the staged plan's statements.
     * Returns rows written.
     */
    private long streamRows(Batch batch) throws SQLException, Batch.AbandonedException, InterruptedException {
        CopyBuffer buffer = batch.rows();
        boolean binary = buffer instanceof CopyBinaryBuffer;
        copyStart = 0;
        CopyIn in = copyApi().copyIn(statements.copyRows(binary));
        long copied;
        try {
            if (binary) {
                in.writeToCopy(CopyBinaryBuffer.HEADER, 0, CopyBinaryBuffer.HEADER.length);
            }
            int sent = 0;
            int available;
            while ((available = batch.awaitChunks(sent)) >= 0) {
                for (; sent < available; sent++) {
                    in.writeToCopy(buffer.chunk(sent), 0, buffer.chunkLength(sent));
                }
            }
            if (binary) {
                in.writeToCopy(CopyBinaryBuffer.TRAILER, 0, CopyBinaryBuffer.TRAILER.length);
            }
            copied = in.endCopy();
        } finally {
            cancelIfActive(in);
        }
        CopyTextBuffer text = batch.textRows();
        if (text != null) {
            copyStart = buffer.rows();
            CopyIn t = copyApi().copyIn(statements.copyRows(false));
            try {
                for (int i = 0; i < text.sealedChunks(); i++) {
                    t.writeToCopy(text.chunk(i), 0, text.chunkLength(i));
                }
                copied += t.endCopy();
            } finally {
                cancelIfActive(t);
            }
        }
        return plan.path() == LoadPlan.Path.DIRECT ? copied : applyStaged(false, batch.mayRepeatKeys());
    }

    /**
     * The listed rows {@code rows[from, to)} (ascending) of a closed batch, as one piece of a
     * split batch: those of the streamed buffer in one COPY, then the text rows in another.
     */
    private long writeRows(Batch batch, int[] rows, int from, int to) throws SQLException {
        CopyBuffer buffer = batch.rows();
        int primary = buffer.rows();
        int split = from;
        while (split < to && rows[split] < primary) {
            split++;
        }
        long copied = 0;
        if (split > from) {
            boolean binary = buffer instanceof CopyBinaryBuffer;
            copyStart = from;
            copied += copy(buffer, binary, rows, from, split, 0);
        }
        if (split < to) {
            copyStart = split;
            copied += copy(batch.textRows(), false, rows, split, to, primary);
        }
        return plan.path() == LoadPlan.Path.DIRECT ? copied : applyStaged(true, true);
    }

    /** One COPY of {@code rows[from, to)}, which are rows {@code rows[i] - base} of {@code buffer}. */
    private long copy(CopyBuffer buffer, boolean binary, int[] rows, int from, int to, int base) throws SQLException {
        CopyIn in = copyApi().copyIn(statements.copyRows(binary));
        try {
            if (binary) {
                in.writeToCopy(CopyBinaryBuffer.HEADER, 0, CopyBinaryBuffer.HEADER.length);
            }
            int i = from;
            while (i < to) {
                int first = rows[i] - base;
                int last = first;
                i++;
                while (i < to && rows[i] - base == last + 1 && buffer.rowChunk(last + 1) == buffer.rowChunk(first)) {
                    last++;
                    i++;
                }
                int start = buffer.rowStart(first);
                in.writeToCopy(buffer.chunk(buffer.rowChunk(first)), start, buffer.rowEnd(last) - start);
            }
            if (binary) {
                in.writeToCopy(CopyBinaryBuffer.TRAILER, 0, CopyBinaryBuffer.TRAILER.length);
            }
            return in.endCopy();
        } finally {
            cancelIfActive(in);
        }
    }

    /** The row a COPY error names: line n of the COPY that failed, which began at {@link #copyStart}. */
    private int refusedRow(SQLException e, int to) {
        int line = RowIsolation.copyLine(e);
        int row = copyStart + line - 1;
        return line <= 0 || row >= to ? -1 : row;
    }

    /**
     * Moves the staged rows into the target; {@code piece} empties the temporary tables for the
     * next piece. A MERGE batch of new keys (see {@link InsertFirstPolicy}) is inserted as it is.
     */
    private long applyStaged(boolean piece, boolean mayRepeatKeys) throws SQLException {
        if (!piece && !mayRepeatKeys && insertFirst && insertFirstPolicy.tryNow()) {
            Savepoint sp = connection.setSavepoint();
            try (Statement s = connection.createStatement()) {
                long n = s.executeUpdate(statements.insertFromStage());
                connection.releaseSavepoint(sp);
                insertFirstPolicy.succeeded();
                return n;
            } catch (SQLException e) {
                if (SqlErrors.classify(e) != SqlErrors.Kind.DATA) {
                    throw e;
                }
                connection.rollback(sp);
                if ("23505".equals(e.getSQLState())) {
                    insertFirstPolicy.refused(); // a key is in the table already: update it the general way
                }
                // Any other refused value: the general statements meet it too and isolate its row.
            }
        }
        long written = 0;
        try (Statement s = connection.createStatement()) {
            for (String sql : statements.applyStaged(mayRepeatKeys)) {
                if (sql.startsWith("SET LOCAL")) {
                    s.execute(sql);
                    continue;
                }
                int n = s.executeUpdate(sql);
                if (!sql.startsWith("INSERT INTO \"" + LoadStatements.LATEST)) {
                    written += n;
                }
            }
            if (piece) {
                s.execute(statements.truncateTemporaryTables());
            }
        }
        return written;
    }

    private CopyManager copyApi() throws SQLException {
        return connection.unwrap(PGConnection.class).getCopyAPI();
    }

    private static void cancelIfActive(CopyIn in) {
        if (in.isActive()) {
            try {
                in.cancelCopy();
            } catch (SQLException ignored) {
                // The COPY already failed or was abandoned; that is the outcome that matters.
            }
        }
    }

    private void insertErrors(Connection c, List<Rejected> rejected) throws SQLException {
        if (rejected.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(metadata.insertError())) {
            for (Rejected r : rejected) {
                ps.setString(1, job.name());
                ps.setString(2, job.kafka().topic());
                ps.setInt(3, r.partition());
                ps.setLong(4, r.offset());
                ps.setBytes(5, r.key());
                ps.setBytes(6, r.value());
                ps.setString(7, r.error());
                ps.setString(8, job.name());
                ps.setString(9, job.kafka().topic());
                ps.setInt(10, r.partition());
                ps.setLong(11, r.offset());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** After ERROR_LIMIT: the rejected records on their own, so the operator can inspect them. */
    private void recordAlone(List<Rejected> rejected) {
        try {
            insertErrors(connection, rejected);
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            LOG.warn("job {}: could not record the rejected records: {}", job.name(), SinkException.firstLine(e.getMessage()));
        }
    }

    private void rollbackQuietly() {
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                closeConnection();
            }
        }
    }

    private static String queryString(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void closeConnection() {
        quietClose(connection);
        connection = null;
    }

    private static void quietClose(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Closing a broken connection: nothing left to do.
            }
        }
    }

    @Override
    public void close() {
        closeConnection();
        offsets.close();
    }
}
