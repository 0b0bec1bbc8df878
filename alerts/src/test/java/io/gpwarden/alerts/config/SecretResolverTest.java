package io.gpwarden.alerts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverTest {

    private final SecretResolver resolver = new SecretResolver(Map.of("SMTP_PASSWORD", "hunter2-xyz")::get);

    @Test
    void resolvesEnvironmentReferencesAndNeverShowsTheValue() {
        Secret secret = resolver.resolve("alerts.channels.mail.password", "env:SMTP_PASSWORD");
        assertThat(secret.reveal()).isEqualTo("hunter2-xyz");
        assertThat(secret.toString()).isEqualTo("Secret[env:SMTP_PASSWORD]").doesNotContain("hunter2");
        assertThat(String.valueOf(new UsmCredentials("u", null, Secret.of("auth-pass-1", "env:A"), null,
                Secret.of("priv-pass-1", "env:P")))).doesNotContain("auth-pass-1").doesNotContain("priv-pass-1");
    }

    @Test
    void missingVariablesAndLiteralsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> resolver.resolve("alerts.channels.mail.password", "env:NOPE"))
                .hasMessage("alerts.channels.mail.password: environment variable NOPE is not set");
        assertThatThrownBy(() -> resolver.resolve("alerts.channels.mail.password", "hunter2-xyz"))
                .hasMessageStartingWith("alerts.channels.mail.password: secrets must be given by reference")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void filesMustBeReadableByTheirOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("smtp.secret");
        Files.writeString(file, "from-a-file\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> resolver.resolve("k", "file:" + file))
                .hasMessageContaining("rw-r--r--").hasMessageContaining("chmod 600 " + file)
                .hasMessageNotContaining("from-a-file");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(resolver.resolve("k", "file:" + file).reveal()).isEqualTo("from-a-file");
        assertThatThrownBy(() -> resolver.resolve("k", "file:" + dir.resolve("missing")))
                .hasMessageContaining("does not exist");
    }
}
