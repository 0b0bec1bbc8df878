package io.gpwarden.agent.pipeline;

import io.gpwarden.agent.job.JobSpec;
import io.gpwarden.agent.job.KafkaSource;
import io.gpwarden.agent.metrics.IngestMetrics;
import io.gpwarden.agent.sink.OffsetStore;
import io.gpwarden.agent.sink.SinkException;
import io.gpwarden.agent.source.RecordSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where each partition resumes: the offset stored in the database (created, for a
 * partition seen for the first time, at the earliest offset or the latest when
 * {@code auto.offset.reset=latest}); an operator's --force-reset-* once per partition; and
 * FALLBACK_OFFSET when the stored offset has left Kafka's retention, with an incident line
 * counting the messages skipped. Runs on the consumer thread.
 */
final class StoredPositions {
    private static final Logger LOG = LoggerFactory.getLogger(StoredPositions.class);

    private final JobSpec job;
    private final RecordSource source;
    private final OffsetStore offsets;
    private final IngestMetrics metrics;
    private final Optional<PipelineOptions.Reset> forceReset;
    private final Set<Integer> resetDone = new HashSet<>();

    StoredPositions(JobSpec job, RecordSource source, OffsetStore offsets, IngestMetrics metrics,
                    Optional<PipelineOptions.Reset> forceReset) {
        this.job = job;
        this.source = source;
        this.offsets = offsets;
        this.metrics = metrics;
        this.forceReset = forceReset;
    }

    /** The positions of {@code ps} from the database (a short transaction of its own). */
    @SuppressWarnings("unchecked")
    Map<Integer, Long> read(List<Integer> ps, long epoch) throws SinkException {
        // The log's bounds are asked for only when needed (a partition seen for the first time,
        // an operator's reset): the broker may be slow to answer while it restarts.
        Map<Integer, Long>[] bounds = new Map[2];
        boolean latest = "latest".equalsIgnoreCase(job.kafka().properties().getOrDefault("auto.offset.reset", "earliest"));
        IntToLongFunction initial = p -> {
            if (bounds[0] == null) {
                bounds[0] = source.beginningOffsets(ps);
                bounds[1] = source.endOffsets(ps);
            }
            return latest ? bounds[1].get(p) : bounds[0].get(p);
        };
        Map<Integer, Long> pos = offsets.positions(ps, initial, epoch);
        if (forceReset.isPresent() && !resetDone.containsAll(ps)) {
            Map<Integer, Long> begin = source.beginningOffsets(ps);
            Map<Integer, Long> end = source.endOffsets(ps);
            Map<Integer, Long> reset = new HashMap<>();
            for (int p : ps) {
                if (resetDone.add(p)) {
                    long to = forceReset.get() == PipelineOptions.Reset.EARLIEST ? begin.get(p) : end.get(p);
                    long from = pos.get(p);
                    LOG.warn("job {}: partition {} reset by the operator from stored offset {} to {} ({})", job.name(), p,
                            from, to, to < from ? (from - to) + " messages will be loaded again" : (to - from) + " messages skipped");
                    reset.put(p, to);
                }
            }
            if (!reset.isEmpty()) {
                offsets.reset(reset, epoch);
                pos = offsets.positions(ps, initial, epoch);
            }
        }
        return pos;
    }

    /**
     * Where to resume partitions whose position is no longer in the log, by FALLBACK_OFFSET. The
     * stored offset is left as it is: the next batch's compare-and-set expects it and moves it.
     */
    Map<Integer, Long> fallback(Map<Integer, Long> positions) {
        Map<Integer, Long> begin = source.beginningOffsets(positions.keySet());
        Map<Integer, Long> end = source.endOffsets(positions.keySet());
        KafkaSource.FallbackOffset fallback = job.kafka().fallbackOffset();
        Map<Integer, Long> out = new HashMap<>();
        for (Map.Entry<Integer, Long> e : positions.entrySet()) {
            int p = e.getKey();
            long at = e.getValue();
            long to = fallback == KafkaSource.FallbackOffset.EARLIEST ? begin.get(p) : end.get(p);
            long skipped = Math.max(0, to - at);
            metrics.skipped(skipped);
            LOG.error("INCIDENT job {} topic {} partition {}: stored offset {} is no longer in Kafka (the log holds {}..{}); "
                    + "FALLBACK_OFFSET {} resumes at {}: {} messages skipped and never loaded", job.name(), job.kafka().topic(),
                    p, at, begin.get(p), end.get(p), fallback.name().toLowerCase(), to, skipped);
            out.put(p, to);
        }
        return out;
    }
}
