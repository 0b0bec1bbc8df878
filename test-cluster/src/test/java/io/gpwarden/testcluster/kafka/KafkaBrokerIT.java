package io.gpwarden.testcluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerIT {

    private static void produce(String bootstrap, String topic, String value) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, value)).get();
        }
    }

    private static List<String> consumeAll(String bootstrap, String topic, int expected) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", "it-" + System.nanoTime());
        p.put("auto.offset.reset", "earliest");
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }

    @Test
    void brokerKeepsItsDataAcrossKillAndRestart() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start()) {
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.port());
            produce(kafka.bootstrapServers(), "t", "before");
            kafka.kill();
            assertThat(kafka.isRunning()).isFalse();
            kafka.restart();
            assertThat(kafka.isRunning()).isTrue();
            produce(kafka.bootstrapServers(), "t", "after");
            assertThat(consumeAll(kafka.bootstrapServers(), "t", 2)).containsExactly("before", "after");
            assertThat(io.gpwarden.testcluster.process.ProcessTable.arguments(kafka.pid().orElseThrow()).orElseThrow())
                    .contains("-Xmx1g", "kafka.Kafka");
        }
    }
}
