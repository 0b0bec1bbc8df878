package io.gpwarden.agent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpwarden.config.ConfigException;
import io.gpwarden.config.SecretRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobFilesTest {
    static final String V2 = """
            DATABASE: ops
            USER: gpadmin
            PASSWORD: changeme
            HOST: gpcoord
            PORT: 5432
            VERSION: 2
            KAFKA:
              INPUT:
                SOURCE:
                  BROKERS: kafka1:9092,kafka2:9092
                  TOPIC: orders
                  PARTITIONS: (0..2, 5)
                  FALLBACK_OFFSET: latest
                VALUE:
                  COLUMNS:
                    - NAME: j
                      TYPE: json
                  FORMAT: json
                ERROR_LIMIT: 5%
                FILTER: (j->>'amount')::numeric > 0
              OUTPUT:
                SCHEMA: sales
                TABLE: orders
                MODE: MERGE
                MATCH_COLUMNS: [order_id]
                ORDER_COLUMNS: [updated_at]
                UPDATE_COLUMNS: [status, amount, updated_at]
                DELETE_CONDITION: (j->>'op') = 'd'
                MAPPING:
                  - NAME: order_id
                    EXPRESSION: (j->>'id')::bigint
                  - NAME: status
                    EXPRESSION: j->>'status'
              METADATA:
                SCHEMA: gpss_meta
              COMMIT:
                MAX_ROW: 5000
                MINIMAL_INTERVAL: 2000
              POLL:
                BATCHSIZE: 500
                TIMEOUT: 250
              TASK:
                POST_BATCH_SQL: SELECT sales.compact()
                BATCH_INTERVAL: 10
              PROPERTIES:
                group.id: gpss_orders
                sasl.mechanisms: PLAIN
            SCHEDULE:
              RETRY_INTERVAL: 30s
              MAX_RETRIES: 10
            """;

    @Test
    void readsVersion2AsGpssWritesIt() {
        JobSpec job = JobFiles.parse("orders.yaml", V2);
        assertThat(job.name()).isEqualTo("sales.orders");
        assertThat(job.database().jdbcUrl()).isEqualTo("jdbc:postgresql://gpcoord:5432/ops");
        assertThat(job.database().password()).map(SecretRef::kind).contains(SecretRef.Kind.LITERAL);
        assertThat(job.database().toString()).doesNotContain("changeme");
        assertThat(job.kafka().brokers()).containsExactly("kafka1:9092", "kafka2:9092");
        assertThat(job.kafka().partitions()).contains(List.of(0, 1, 2, 5));
        assertThat(job.kafka().fallbackOffset()).isEqualTo(KafkaSource.FallbackOffset.LATEST);
        assertThat(job.kafka().properties()).containsEntry("group.id", "gpss_orders").containsEntry("sasl.mechanism", "PLAIN");
        assertThat(job.kafka().pollTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(job.value().kind()).isEqualTo(RecordFormat.Kind.JSON);
        assertThat(job.errorLimit().isPercent()).isTrue();
        assertThat(job.errorLimit().exceeded(6, 100)).isTrue();
        assertThat(job.errorLimit().exceeded(5, 100)).isFalse();
        assertThat(job.filter()).contains("(j->>'amount')::numeric > 0");
        assertThat(job.output().mode()).isEqualTo(Output.LoadMode.MERGE);
        assertThat(job.output().matchColumns()).containsExactly("order_id");
        assertThat(job.output().deleteCondition()).contains("(j->>'op') = 'd'");
        assertThat(job.output().mapping()).containsExactly(
                Map.entry("order_id", "(j->>'id')::bigint"), Map.entry("status", "j->>'status'"));
        assertThat(job.metadataSchema()).isEqualTo("gpss_meta");
        assertThat(job.commit()).isEqualTo(new CommitPolicy(5000, Duration.ofSeconds(2)));
        assertThat(job.postBatch()).contains(new JobSpec.PostBatchSql("SELECT sales.compact()", 10));
        assertThat(job.schedule().maxRetries()).isEqualTo(10);
        assertThat(job.schedule().retryInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void readsVersion3() {
        String v3 = """
                version: v3
                targets:
                  - gpdb:
                      host: gpcoord
                      port: 6000
                      user: gpadmin
                      password: env:GP_PW
                      database: ops
                      work_schema: gpss_meta
                      error_limit: 25
                      tables:
                        - table: orders
                          schema: sales
                          mode:
                            merge:
                              match_columns: [order_id]
                              order_columns: [updated_at]
                              delete_condition: (j->>'op') = 'd'
                          mapping:
                            order_id: (j->>'id')::bigint
                            status: j->>'status'
                sources:
                  - kafka:
                      topic: orders
                      brokers: kafka1:9092
                      value_content:
                        csv:
                          columns:
                            - {name: id, type: bigint}
                            - {name: __IGNORED__, type: text}
                          delimiter: "|"
                          null_string: "NULL"
                      rdkafka_prop:
                        group.id: g1
                      task:
                        batch_size: {max_count: 1000, interval_ms: 500}
                        window_size: 5
                        window_statement: SELECT 1
                      consistency: strong
                      fallback_offset: earliest
                option:
                  schedule: {max_retries: 3, retry_interval: 5s, running_duration: 1h}
                """;
        JobSpec job = JobFiles.parse("v3.yaml", v3);
        assertThat(job.database().port()).isEqualTo(6000);
        assertThat(job.database().password()).map(SecretRef::kind).contains(SecretRef.Kind.ENV);
        assertThat(job.metadataSchema()).isEqualTo("gpss_meta");
        assertThat(job.errorLimit()).isEqualTo(ErrorLimit.rows(25));
        assertThat(job.output().mode()).isEqualTo(Output.LoadMode.MERGE);
        assertThat(job.output().orderColumns()).containsExactly("updated_at");
        assertThat(job.value().kind()).isEqualTo(RecordFormat.Kind.CSV);
        assertThat(job.value().delimiter()).isEqualTo('|');
        assertThat(job.value().nullString()).isEqualTo("NULL");
        assertThat(job.value().columns().get(1).ignored()).isTrue();
        assertThat(job.commit()).isEqualTo(new CommitPolicy(1000, Duration.ofMillis(500)));
        assertThat(job.postBatch()).contains(new JobSpec.PostBatchSql("SELECT 1", 5));
        assertThat(job.schedule().runningDuration()).contains(Duration.ofHours(1));
    }

    @Test
    void unsupportedKeysAreNamedWithTheirLine() {
        String text = V2.replace("  METADATA:\n", "  AVRO_OPTION:\n    SCHEMA_REGISTRY_ADDR: http://x\n  METADATA:\n")
                .replace("    ERROR_LIMIT: 5%\n", "    ERROR_LIMIT: 5%\n    TRANSFORMER: x\n");
        assertThatThrownBy(() -> JobFiles.parse("orders.yaml", text))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("orders.yaml:20: KAFKA.INPUT.TRANSFORMER: not supported by gpwarden: 'TRANSFORMER'")
                .hasMessageContaining("KAFKA.AVRO_OPTION: not supported by gpwarden: 'AVRO_OPTION'");
    }

    @Test
    void injectionInTableNamesIsRefusedAtTheKey() {
        String text = V2.replace("TABLE: orders", "TABLE: x; drop table y");
        assertThatThrownBy(() -> JobFiles.parse("orders.yaml", text))
                .hasMessageContaining("orders.yaml:23:12: KAFKA.OUTPUT.TABLE: 'x; drop table y' is not a plain SQL identifier");
    }

    @Test
    void modeRulesAndFanOutAreExplained() {
        String noMatch = V2.replace("    MATCH_COLUMNS: [order_id]\n", "");
        assertThatThrownBy(() -> JobFiles.parse("j.yaml", noMatch)).hasMessageContaining("MERGE mode needs MATCH_COLUMNS");
        String fanOut = """
                version: v3
                targets:
                  - gpdb:
                      host: h
                      user: u
                      database: d
                      tables:
                        - {table: a}
                        - {table: b}
                sources:
                  - kafka:
                      topic: t
                      brokers: k:9092
                      value_content: {json: {column: {name: j, type: json}}}
                """;
        assertThatThrownBy(() -> JobFiles.parse("f.yaml", fanOut))
                .hasMessageContaining("f.yaml:9:11: targets[0].gpdb.tables[1]: not supported by gpwarden: fan-out to several tables");
    }

    @Test
    void autoCommitAndUnknownKafkaPropertiesAreRejected() {
        String text = V2.replace("    group.id: gpss_orders\n", "    group.id: g\n    enable.auto.commit: true\n    socket.blocking.max.ms: 5\n");
        assertThatThrownBy(() -> JobFiles.parse("j.yaml", text))
                .hasMessageContaining("enable.auto.commit must be false")
                .hasMessageContaining("'socket.blocking.max.ms' is not a Kafka consumer property");
    }

    @Test
    void errorLimitAndPartitionsSyntax() {
        assertThat(PartitionList.parse("(1..3, 5)")).containsExactly(1, 2, 3, 5);
        assertThat(PartitionList.parse("0,2")).containsExactly(0, 2);
        assertThatThrownBy(() -> PartitionList.parse("a..b")).hasMessageContaining("not a partition number");
        assertThat(ErrorLimit.rows(2).exceeded(2, 10)).isFalse();
        assertThat(ErrorLimit.rows(2).exceeded(3, 10)).isTrue();
        assertThat(ErrorLimit.percentOf(1).toString()).isEqualTo("1%");
    }
}
