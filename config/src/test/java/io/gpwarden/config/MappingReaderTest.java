package io.gpwarden.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingReaderTest {
    enum Mode { INSERT, MERGE, UPDATE }

    private static final String JOB = """
            DATABASE: ops
            PORT: 5432
            KAFKA:
              INPUT:
                SOURCE:
                  TOPIC: orders
                  BROKERS: k1:9092,k2:9092
              OUTPUT:
                MODE: merge
                MATCH_COLUMNS: [id, ts]
              COMMIT:
                MINIMAL_INTERVAL: 2000
                FLUSH: 5s
            """;

    @Test
    void readsTypedValuesWithPaths() {
        ConfigProblems problems = new ConfigProblems();
        MappingReader root = MappingReader.of(YamlDocuments.parse("job.yaml", JOB), problems);
        MappingReader kafka = root.requiredMapping("KAFKA");
        MappingReader source = kafka.requiredMapping("INPUT").requiredMapping("SOURCE");

        assertThat(root.requiredString("DATABASE")).isEqualTo("ops");
        assertThat(root.intValue("PORT", 1, 65535)).contains(5432);
        assertThat(source.stringList("BROKERS")).containsExactly("k1:9092", "k2:9092");
        MappingReader output = kafka.requiredMapping("OUTPUT");
        assertThat(output.enumValue("MODE", Mode.class, Mode.INSERT)).isEqualTo(Mode.MERGE);
        assertThat(output.stringList("MATCH_COLUMNS")).containsExactly("id", "ts");
        MappingReader commit = kafka.requiredMapping("COMMIT");
        assertThat(commit.duration("MINIMAL_INTERVAL", ChronoUnit.MILLIS)).contains(Duration.ofSeconds(2));
        assertThat(commit.duration("FLUSH", ChronoUnit.MILLIS)).contains(Duration.ofSeconds(5));
        assertThat(source.raw("TOPIC").orElseThrow().path()).isEqualTo("KAFKA.INPUT.SOURCE.TOPIC");
        assertThat(source.raw("TOPIC").orElseThrow().line()).isEqualTo(6);
        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void reportsEveryProblemWithFileLineAndKeyPath() {
        String text = """
                DATABASE: ops
                PORT: fifty
                KAFKA:
                  OUTPUT:
                    MODE: upsert
                  SURPRISE: 1
                """;
        ConfigProblems problems = new ConfigProblems();
        MappingReader root = MappingReader.of(YamlDocuments.parse("job.yaml", text), problems);
        root.requiredString("DATABASE");
        root.requiredString("USER");
        root.intValue("PORT", 1, 65535);
        MappingReader kafka = root.requiredMapping("KAFKA");
        kafka.requiredMapping("OUTPUT").enumValue("MODE", Mode.class);
        kafka.finish("not supported by gpwarden");
        root.finish();

        assertThatThrownBy(problems::throwIfAny)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("job.yaml:1:1: USER: required key is missing")
                .hasMessageContaining("job.yaml:2:7: PORT: expected an integer, got \"fifty\"")
                .hasMessageContaining("job.yaml:5:11: KAFKA.OUTPUT.MODE: expected one of insert|merge|update, got \"upsert\"")
                .hasMessageContaining("job.yaml:6: KAFKA.SURPRISE: not supported by gpwarden 'SURPRISE'")
                .hasMessageStartingWith("4 problems:");
    }

    @Test
    void ignoringCaseMatchesEitherSpelling() {
        ConfigProblems problems = new ConfigProblems();
        MappingReader r = MappingReader.ignoringCase(YamlDocuments.parse("j", "database: a\nPort: 1\n"), problems);
        assertThat(r.requiredString("DATABASE")).isEqualTo("a");
        assertThat(r.intValue("PORT", 0, 9)).contains(1);
        r.finish();
        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void duplicateKeysAndSyntaxErrorsAreRejectedWithTheirLine() {
        assertThatThrownBy(() -> YamlDocuments.parse("c.yaml", "a: 1\nb: 2\na: 3\n"))
                .hasMessageContaining("c.yaml:3")
                .hasMessageContaining("duplicate key");
        assertThatThrownBy(() -> YamlDocuments.parse("c.yaml", "a: [1, 2\nb: 3\n"))
                .hasMessageStartingWith("c.yaml:")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void rangeChecksNameTheLimits() {
        ConfigProblems problems = new ConfigProblems();
        MappingReader r = MappingReader.of(YamlDocuments.parse("c", "port: 70000\n"), problems);
        assertThat(r.intValue("port", 5432, 1, 65535)).isEqualTo(5432);
        assertThat(problems.list()).singleElement().hasToString("c:1:7: port: must be between 1 and 65535, got 70000");
    }

    @Test
    void secretsResolveByReferenceAndNeverPrint(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("pw");
        Files.writeString(file, "s3cret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        String text = "a: env:DB_PW\nb: file:" + file + "\nc: plain\n";
        ConfigProblems problems = new ConfigProblems();
        MappingReader r = MappingReader.of(YamlDocuments.parse("c", text), problems);

        Secret a = r.secret("a", false).orElseThrow().resolve(Map.of("DB_PW", "from-env"));
        Secret b = r.secret("b", false).orElseThrow().resolve(Map.of());
        assertThat(a.reveal()).isEqualTo("from-env");
        assertThat(b.reveal()).isEqualTo("s3cret");
        assertThat(a.toString()).doesNotContain("from-env");
        assertThat(r.secret("c", false)).isEmpty();
        assertThat(problems.list()).singleElement().extracting(ConfigProblem::message).asString()
                .contains("by reference").doesNotContain("plain");
    }

    @Test
    void secretFilesReadableByOthersAreRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("pw");
        Files.writeString(file, "s3cret");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ConfigProblems problems = new ConfigProblems();
        SecretRef ref = MappingReader.of(YamlDocuments.parse("c", "pw: file:" + file), problems)
                .secret("pw", false).orElseThrow();
        assertThatThrownBy(() -> ref.resolve(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("chmod 600")
                .hasMessageNotContaining("s3cret");
        SecretRef unset = MappingReader.of(YamlDocuments.parse("c", "pw: env:NOPE_NOT_SET"), problems)
                .secret("pw", false).orElseThrow();
        assertThatThrownBy(() -> unset.resolve(Map.of())).hasMessageContaining("c:1: pw: environment variable NOPE_NOT_SET is not set");
    }

    @Test
    void readsByteSizesInPowersOf1024() {
        ConfigProblems problems = new ConfigProblems();
        MappingReader r = MappingReader.of(YamlDocuments.parse("c",
                "a: 512\nb: 64kB\nc: 16MB\nd: 2 GB\ne: 10 apples\nf: 3TB\n"), problems);
        assertThat(r.byteSize("a", 0, Long.MAX_VALUE)).contains(512L);
        assertThat(r.byteSize("b", 0, Long.MAX_VALUE)).contains(64L * 1024);
        assertThat(r.byteSize("c", 0, Long.MAX_VALUE)).contains(16L * 1024 * 1024);
        assertThat(r.byteSize("d", 0, Long.MAX_VALUE)).contains(2L * 1024 * 1024 * 1024);
        assertThat(r.byteSize("e", 0, Long.MAX_VALUE)).isEmpty();
        assertThat(r.byteSize("f", 0, 1L << 40)).isEmpty();
        assertThat(problems.list()).extracting(ConfigProblem::toString).containsExactly(
                "c:5:4: e: expected a size such as 512kB, 64MB or 2GB, got \"10 apples\"",
                "c:6:4: f: must be between 0 and 1099511627776 bytes, got 3TB");
    }
}
