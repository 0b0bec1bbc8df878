package io.gpwarden.cli.agent;

import io.gpwarden.agent.job.JobSpec;
import io.gpwarden.agent.metrics.IngestMetrics;
import io.gpwarden.agent.pipeline.IngestPipeline;
import java.net.InetSocketAddress;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options shared by {@code load} and {@code agent run}. */
final class JobOptions {
    @Option(names = "--name", paramLabel = "NAME",
            description = "the job's identity in the offsets table (default: SCHEMA.TABLE of the target)")
    String name;

    @Option(names = "--metrics", paramLabel = "HOST:PORT",
            description = "serve Prometheus metrics at http://HOST:PORT/metrics (port 0 picks a free one)")
    String metrics;

    @Option(names = "--progress", negatable = true,
            description = "print a progress line every 2 s (default: when the output is a terminal)")
    Boolean progress;

    JobSpec named(JobSpec job) {
        if (name == null) {
            return job;
        }
        if (name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("--name must be 1 to 200 characters");
        }
        return job.withName(name);
    }

    Optional<InetSocketAddress> metricsAddress() {
        if (metrics == null) {
            return Optional.empty();
        }
        int colon = metrics.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("--metrics wants HOST:PORT, e.g. 127.0.0.1:9187");
        }
        try {
            return Optional.of(new InetSocketAddress(metrics.substring(0, colon), Integer.parseInt(metrics.substring(colon + 1))));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--metrics wants HOST:PORT, e.g. 127.0.0.1:9187, got " + metrics);
        }
    }

    boolean progress() {
        return progress != null ? progress : System.console() != null;
    }

    static int report(IngestPipeline.Result r) {
        if (r.state() == IngestMetrics.State.ERROR) {
            System.err.println("gpwarden: job stopped with status Error: " + r.message());
            return 1;
        }
        System.err.println("gpwarden: " + r.message());
        return 0;
    }

}
