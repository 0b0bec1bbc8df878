package io.gpwarden.agent.runner;

import io.gpwarden.agent.job.JobSpec;
import io.gpwarden.agent.metrics.IngestMetrics;
import io.gpwarden.agent.metrics.MetricsEndpoint;
import io.gpwarden.agent.pipeline.IngestPipeline;
import io.gpwarden.agent.pipeline.PipelineOptions;
import io.gpwarden.agent.sink.CopySink;
import io.gpwarden.agent.sink.IngestGate;
import io.gpwarden.agent.sink.JdbcOffsetStore;
import io.gpwarden.agent.sink.PgConnections;
import io.gpwarden.agent.sql.MetadataTables;
import io.gpwarden.agent.source.KafkaRecordSource;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one job's real parts (Kafka consumer, PostgreSQL/Greenplum connections, offsets store,
 * COPY sink, metrics endpoint, progress line) and runs it until it stops. A JVM shutdown
 * (SIGTERM, Ctrl-C) stops it cleanly: the batch in flight finishes, nothing else is written.
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private JobRunner() {
    }

    /** Runs the job; the result says whether it stopped cleanly or with status Error. */
    public static IngestPipeline.Result run(JobSpec job, PipelineOptions options, Optional<InetSocketAddress> metricsAddress,
                                            boolean progress, PrintStream out) throws IOException {
        // The Kafka client logs its whole configuration at INFO; keep the agent's own lines readable.
        if (System.getProperty("org.slf4j.simpleLogger.log.org.apache.kafka") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
        }
        IngestMetrics metrics = new IngestMetrics(job.name(), job.kafka().topic());
        PgConnections connections = new PgConnections(job.database(), "gpwarden " + job.name(), 300);
        MetadataTables tables = new MetadataTables(job.metadataSchema(), false);
        JdbcOffsetStore offsets = new JdbcOffsetStore(connections, tables, job.name(), job.kafka().topic());
        CopySink sink = new CopySink(job, connections, offsets, IngestGate.ALWAYS_OPEN, options.evaluateInAgent(),
                options.binaryCopy(), options.insertFirst());
        KafkaRecordSource source = new KafkaRecordSource(job.kafka(), job.name(), "gpwarden-" + job.name());
        IngestPipeline pipeline = new IngestPipeline(job, source, sink, offsets, metrics, options, () -> 0L, System::nanoTime);
        MetricsEndpoint endpoint = null;
        if (metricsAddress.isPresent()) {
            endpoint = new MetricsEndpoint(metricsAddress.get(), metrics);
            LOG.info("job {}: metrics at http://{}:{}/metrics", job.name(), endpoint.address().getHostString(),
                    endpoint.address().getPort());
        }
        ProgressReporter reporter = new ProgressReporter(metrics, out,
                progress ? options.progressInterval().toMillis() : options.progressInterval().toMillis() * 5);
        Thread reporterThread = new Thread(reporter, "gpwarden-progress");
        reporterThread.setDaemon(true);
        reporterThread.start();
        // The hook waits for the pipeline to finish (the batch in flight commits or rolls back),
        // not for the calling thread to end: that thread may itself be in System.exit, which
        // waits for the hooks.
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            pipeline.stop();
            source.wakeup();
            try {
                finished.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "gpwarden-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        LOG.info("job {}: loading topic {} from {} into {}.{} on {} ({} mode)", job.name(), job.kafka().topic(),
                String.join(",", job.kafka().brokers()), job.output().schema(), job.output().table(), job.database(),
                job.output().mode());
        try {
            return pipeline.run();
        } finally {
            finished.countDown();
            reporter.stop();
            reporterThread.interrupt();
            out.println(reporter.line(0, 0).replaceFirst(": 0 rows/s, ", ": "));
            if (endpoint != null) {
                endpoint.close();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // Already shutting down: the hook is running and waits for us.
            }
        }
    }
}
