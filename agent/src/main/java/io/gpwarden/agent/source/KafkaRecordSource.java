package io.gpwarden.agent.source;

import io.gpwarden.agent.job.KafkaSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RecordSource} on a Kafka consumer. Settings gpwarden owns: no auto commit, no automatic
 * offset reset (a position outside the log is reported, then FALLBACK_OFFSET decides),
 * {@code read_committed}. With PARTITIONS listed the consumer assigns them itself; otherwise it
 * joins the group ({@code group.id} from PROPERTIES, default {@code gpwarden.<job>}) with the
 * cooperative-sticky assignor, so a rebalance only moves the partitions that change hands.
 */
public final class KafkaRecordSource implements RecordSource {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordSource.class);

    /** max.poll.records when the job sets no POLL.BATCHSIZE. */
    public static final int DEFAULT_MAX_POLL_RECORDS = 10_000;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final KafkaSource spec;
    private final Map<Integer, TopicPartition> partitions = new HashMap<>();

    public KafkaRecordSource(KafkaSource spec, String jobName, String clientId) {
        this.spec = spec;
        this.topic = spec.topic();
        Properties p = new Properties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "gpwarden." + jobName);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Fewer, larger polls: each poll runs the client's whole fetch bookkeeping, and with 2,000
        // records per poll that bookkeeping was a tenth of the consumer thread's time (benchmark levers).
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, spec.pollBatchSize().orElse(DEFAULT_MAX_POLL_RECORDS));
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 * 1024 * 1024);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * 1024 * 1024);
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.putAll(spec.properties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", spec.brokers()));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(p);
    }

    private TopicPartition tp(int partition) {
        return partitions.computeIfAbsent(partition, k -> new TopicPartition(topic, k));
    }

    private List<TopicPartition> tps(Collection<Integer> ps) {
        List<TopicPartition> out = new ArrayList<>(ps.size());
        for (int p : ps) {
            out.add(tp(p));
        }
        return out;
    }

    private static List<Integer> numbers(Collection<TopicPartition> tps) {
        List<Integer> out = new ArrayList<>(tps.size());
        for (TopicPartition t : tps) {
            out.add(t.partition());
        }
        return out;
    }

    private Listener listener;

    @Override
    public void start(Listener l) {
        this.listener = l;
        if (spec.partitions().isPresent()) {
            List<Integer> fixed = spec.partitions().get();
            consumer.assign(tps(fixed));
            consumer.pause(tps(fixed));
            consumer.seekToBeginning(tps(fixed));
            l.assigned(fixed);
        } else {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                    if (!revoked.isEmpty()) {
                        l.revoked(numbers(revoked));
                    }
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> lost) {
                    if (!lost.isEmpty()) {
                        l.revoked(numbers(lost));
                    }
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                    if (!assigned.isEmpty()) {
                        // Paused until positioned from the database; a placeholder position keeps the
                        // client from failing on partitions that have no committed offset.
                        consumer.pause(assigned);
                        consumer.seekToBeginning(assigned);
                        l.assigned(numbers(assigned));
                    }
                }
            });
        }
    }

    @Override
    public void poll(Duration timeout, RecordHandler handler) {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(timeout);
        } catch (OffsetOutOfRangeException e) {
            Map<Integer, Long> out = new HashMap<>();
            e.offsetOutOfRangePartitions().forEach((t, o) -> out.put(t.partition(), o));
            consumer.pause(e.offsetOutOfRangePartitions().keySet());
            listener.outOfRange(out);
            return;
        } catch (WakeupException e) {
            return;
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
            handler.record(r.partition(), r.offset(), r.timestamp(), r.key(), r.value());
        }
    }

    @Override
    public void seek(int partition, long offset) {
        consumer.seek(tp(partition), offset);
    }

    @Override
    public void pause(Collection<Integer> ps) {
        Set<TopicPartition> assigned = consumer.assignment();
        List<TopicPartition> list = new ArrayList<>();
        for (TopicPartition t : tps(ps)) {
            if (assigned.contains(t)) {
                list.add(t);
            }
        }
        consumer.pause(list);
    }

    @Override
    public void resume(Collection<Integer> ps) {
        Set<TopicPartition> assigned = consumer.assignment();
        List<TopicPartition> list = new ArrayList<>();
        for (TopicPartition t : tps(ps)) {
            if (assigned.contains(t)) {
                list.add(t);
            }
        }
        consumer.resume(list);
    }

    @Override
    public Set<Integer> assignment() {
        return new HashSet<>(numbers(consumer.assignment()));
    }

    @Override
    public Map<Integer, Long> beginningOffsets(Collection<Integer> ps) {
        Map<Integer, Long> out = new HashMap<>();
        consumer.beginningOffsets(tps(ps), Duration.ofSeconds(10)).forEach((t, o) -> out.put(t.partition(), o));
        return out;
    }

    @Override
    public Map<Integer, Long> endOffsets(Collection<Integer> ps) {
        Map<Integer, Long> out = new HashMap<>();
        consumer.endOffsets(tps(ps), Duration.ofSeconds(10)).forEach((t, o) -> out.put(t.partition(), o));
        return out;
    }

    @Override
    public long position(int partition) {
        try {
            return consumer.position(tp(partition), Duration.ofMillis(1));
        } catch (org.apache.kafka.common.KafkaException e) {
            return -1;
        }
    }

    @Override
    public Map<Integer, Long> knownEnds(Collection<Integer> ps) {
        Map<Integer, Long> out = new HashMap<>();
        Set<TopicPartition> assigned = consumer.assignment();
        for (int p : ps) {
            TopicPartition t = tp(p);
            if (!assigned.contains(t)) {
                continue;
            }
            java.util.OptionalLong lag = consumer.currentLag(t);
            if (lag.isPresent()) {
                try {
                    out.put(p, consumer.position(t, Duration.ofMillis(1)) + lag.getAsLong());
                } catch (org.apache.kafka.common.KafkaException e) {
                    // Position not known right now: the end stays unknown this time.
                }
            }
        }
        return out;
    }

    @Override
    public void commitAdvisory(Map<Integer, Long> nextOffsets) {
        if (spec.partitions().isPresent() || nextOffsets.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> m = new HashMap<>();
        Set<TopicPartition> assigned = consumer.assignment();
        nextOffsets.forEach((p, o) -> {
            if (assigned.contains(tp(p))) {
                m.put(tp(p), new OffsetAndMetadata(o));
            }
        });
        consumer.commitAsync(m, (offsets, e) -> {
            if (e != null) {
                LOG.debug("advisory commit to Kafka failed (the database holds the real offsets): {}", e.toString());
            }
        });
    }

    /** Interrupts a poll in progress from another thread (shutdown). */
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(10));
    }
}
