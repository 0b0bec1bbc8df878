package io.gpwarden.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret references as the alerts section writes them: where the value comes from, what is refused, what is shown. */
class SecretRefTest {

    private static final Map<String, String> ENVIRONMENT = Map.of("SMTP_PASSWORD", "hunter2-xyz");

    private static Optional<SecretRef> password(String value, ConfigProblems problems) {
        return MappingReader.of(YamlDocuments.parse("c.yaml", "alerts:\n  channels:\n    mail:\n      password: "
                + value + "\n"), problems).mapping("alerts").orElseThrow().mapping("channels").orElseThrow()
                .mapping("mail").orElseThrow().secret("password", false);
    }

    private static SecretRef password(String value) {
        ConfigProblems problems = new ConfigProblems();
        Optional<SecretRef> ref = password(value, problems);
        assertThat(problems.list()).isEmpty();
        return ref.orElseThrow();
    }

    @Test
    void resolvesEnvironmentReferencesAndShowsOnlyWhereTheValueCameFrom() {
        Secret secret = password("env:SMTP_PASSWORD").resolve(ENVIRONMENT);
        assertThat(secret.reveal()).isEqualTo("hunter2-xyz");
        assertThat(secret.source()).isEqualTo("env:SMTP_PASSWORD");
        assertThat(secret.toString()).isEqualTo("Secret[env:SMTP_PASSWORD]").doesNotContain("hunter2");
        assertThat(Secret.of("hunter2-xyz").toString()).doesNotContain("hunter2");
    }

    @Test
    void missingVariablesAndLiteralsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> password("env:NOPE").resolve(ENVIRONMENT))
                .isInstanceOf(ConfigException.class)
                .hasMessage("c.yaml:4: alerts.channels.mail.password: environment variable NOPE is not set");
        ConfigProblems problems = new ConfigProblems();
        assertThat(password("hunter2-xyz", problems)).isEmpty();
        assertThat(problems.list()).singleElement().asString()
                .startsWith("c.yaml:4:17: alerts.channels.mail.password: write secrets by reference")
                .doesNotContain("hunter2");
    }

    @Test
    void aVariableNameNoShellCouldSetIsRefusedWhenTheFileIsRead() {
        ConfigProblems problems = new ConfigProblems();
        assertThat(password("env:SMTP-PASSWORD", problems)).isEmpty();
        assertThat(problems.list()).singleElement().asString()
                .isEqualTo("c.yaml:4:17: alerts.channels.mail.password: 'SMTP-PASSWORD' is not an environment"
                        + " variable name (letters, digits, _)");
        problems = new ConfigProblems();
        assertThat(password("{env: 1PASSWORD}", problems)).isEmpty();
        assertThat(problems.list()).singleElement().asString().contains("'1PASSWORD' is not an environment variable");
    }

    @Test
    void filesMustBeReadableByTheirOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("smtp.secret");
        Files.writeString(file, "from-a-file\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> password("file:" + file).resolve(Map.of()))
                .hasMessageContaining("rw-r--r--").hasMessageContaining("chmod 600 " + file)
                .hasMessageNotContaining("from-a-file");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw--w----"));
        assertThatThrownBy(() -> password("file:" + file).resolve(Map.of())).hasMessageContaining("rw--w----");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Secret secret = password("file:" + file).resolve(Map.of());
        assertThat(secret.reveal()).isEqualTo("from-a-file");
        assertThat(secret.source()).isEqualTo("file:" + file);
        assertThatThrownBy(() -> password("file:" + dir.resolve("missing")).resolve(Map.of()))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> password("file:" + dir).resolve(Map.of()))
                .hasMessageContaining("is not a file");
    }

    @Test
    void onlyTrailingLineEndsAreDroppedFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, " spaced pass \r\n\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(password("file:" + file).resolve(Map.of()).reveal()).isEqualTo(" spaced pass ");
    }
}
