package io.gpwarden.cli.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.cli.GpwardenCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The controller's commands as a user types them: help, and configuration mistakes that exit 2 before any work. */
class CommandLineTest {

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = GpwardenCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : new String[][] {{"controller", "run", "--help"}, {"status", "--help"},
                {"alerts", "test", "--help"}, {"controller", "--help"}, {"alerts", "--help"}}) {
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).contains("Usage: gpwarden");
        }
        assertThat(run("status", "--help").out()).contains("3   coordinator unreachable");
    }

    @Test
    void aBadConfigurationExitsTwoNamingFileLineAndKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("controller.yaml");
        Files.writeString(file, """
                cluster:
                  name: prod
                  coordinator: {host: cdw}
                probes: {interval: 1s, timeout: 3s}
                alerts:
                  channels:
                    mail: {type: mail, host: smtp, from: gpwarden@example.org, to: [a@example.org],
                           password: plain-text-password}
                """);
        for (String[] args : new String[][] {{"controller", "run", "--config", file.toString()},
                {"status", "--config", file.toString()}, {"alerts", "test", "--channel", "mail", "--config", file.toString()}}) {
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).contains(file + ":4:33: probes.timeout: 3s must be at least 200ms shorter than probes.interval (1s)")
                    .contains(file + ":8:22: alerts.channels.mail.password: write secrets by reference")
                    .doesNotContain("plain-text-password");
        }
        assertThat(run("controller", "run").code()).isEqualTo(2);
        assertThat(run("status", "--config", dir.resolve("nope.yaml").toString()).err()).contains("nope.yaml: file not found");
    }

    @Test
    void alertsTestNamesUnknownChannelsAndMissingSecrets(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("controller.yaml");
        Files.writeString(file, """
                cluster: {name: prod, coordinator: {host: cdw}}
                alerts:
                  channels:
                    nms: {type: snmp, host: 127.0.0.1, usm: {user: gpw, auth_passphrase: env:GPWARDEN_UNSET_FOR_TEST,
                          priv_passphrase: env:GPWARDEN_UNSET_FOR_TEST}}
                """);
        Run unknown = run("alerts", "test", "--channel", "pager", "--config", file.toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("environment variable GPWARDEN_UNSET_FOR_TEST is not set");
        Path noAlerts = dir.resolve("plain.yaml");
        Files.writeString(noAlerts, "cluster: {name: prod, coordinator: {host: cdw}}\n");
        Run none = run("alerts", "test", "--channel", "nms", "--config", noAlerts.toString());
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("has no 'alerts' section");
    }
}
