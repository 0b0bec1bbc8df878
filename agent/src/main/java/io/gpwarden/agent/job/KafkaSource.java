package io.gpwarden.agent.job;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Kafka side of a job: one topic, optionally a fixed subset of partitions (then the agent
 * assigns them itself instead of joining a consumer group), where to restart when the stored
 * offset has left the topic's retention, and extra consumer properties.
 */
public record KafkaSource(
        List<String> brokers,
        String topic,
        Optional<List<Integer>> partitions,
        FallbackOffset fallbackOffset,
        Map<String, String> properties,
        Duration pollTimeout,
        Optional<Integer> pollBatchSize) {

    /** Where to go when the offset stored in the database is no longer in Kafka. */
    public enum FallbackOffset { EARLIEST, LATEST }
}
