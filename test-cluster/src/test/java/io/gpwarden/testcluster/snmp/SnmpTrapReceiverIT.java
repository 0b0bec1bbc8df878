package io.gpwarden.testcluster.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.testcluster.process.ExternalCommand;
import io.gpwarden.testcluster.process.ProcessTable;
import io.gpwarden.testcluster.snmp.SnmpTrapReceiver.Auth;
import io.gpwarden.testcluster.snmp.SnmpTrapReceiver.Priv;
import io.gpwarden.testcluster.snmp.SnmpTrapReceiver.V3User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The receiver against net-snmp's own senders (snmptrap, snmpinform): v2c, v3 authPriv INFORM and TRAP, restarts. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnmpTrapReceiverIT {
    private static final String AUTH = "auth-Pass-31f0";
    private static final String PRIV = "priv-Pass-0c9a";
    private static final String SENDER_ENGINE = "80007ed904746573746572";
    private static final String NOTIFICATION = ".1.3.6.1.4.1.32473.0.1";
    private static final String MARK = ".1.3.6.1.4.1.32473.1.1.0";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static SnmpTrapReceiver nms;
    private final AtomicInteger marks = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        nms = SnmpTrapReceiver.start(List.of("public"), List.of(
                V3User.of("informer", Auth.SHA_256, AUTH, Priv.AES_128, PRIV),
                V3User.of("trapper", Auth.SHA_512, AUTH, Priv.AES_256, PRIV).sentFrom("0x" + SENDER_ENGINE)));
    }

    @AfterAll
    static void stop() {
        if (nms != null) {
            nms.close();
        }
    }

    private String mark() {
        return "mark-" + ProcessHandle.current().pid() + "-" + marks.incrementAndGet() + "-" + System.nanoTime();
    }

    /** snmptrap or snmpinform with {@code security}, sending {@link #NOTIFICATION}; an INFORM waits up to 9 s. */
    private static ExternalCommand.Result send(String tool, List<String> security, String... varbinds) {
        return send(tool, List.of("-t", "3", "-r", "2"), security, varbinds);
    }

    /** An INFORM nobody should acknowledge: one try of 300 ms (an answer on loopback takes about 1 ms). */
    private static ExternalCommand.Result sendOnce(List<String> security, String... varbinds) {
        return send("snmpinform", List.of("-t", "0.3", "-r", "0"), security, varbinds);
    }

    private static ExternalCommand.Result send(String tool, List<String> timing, List<String> security,
                                               String... varbinds) {
        List<String> argv = new ArrayList<>(List.of(tool));
        argv.addAll(timing);
        argv.addAll(security);
        argv.addAll(List.of("127.0.0.1:" + nms.port(), "", NOTIFICATION));
        argv.addAll(List.of(varbinds));
        return ExternalCommand.run(argv, Duration.ofSeconds(20));
    }

    private static List<String> v2c() {
        return List.of("-v", "2c", "-c", "public");
    }

    private static List<String> v3(String user, String auth, String priv, String privPassphrase) {
        return List.of("-v", "3", "-l", "authPriv", "-u", user, "-a", auth, "-A", AUTH, "-x", priv, "-X", privPassphrase);
    }

    @Test
    @Order(1)
    void aV2cTrapArrivesWithItsVarbindsInOrderAndMultiLineTextIntact() throws Exception {
        String mark = mark();
        send("snmptrap", v2c(), MARK, "s", mark, ".1.3.6.1.4.1.32473.1.11.0", "s", "line one\nline two",
                ".1.3.6.1.4.1.32473.1.3.0", "i", "5", ".1.3.6.1.4.1.32473.1.12.0", "s", "").orThrow();
        List<ReceivedNotification> got = nms.await(n -> n.mentions(mark), 1, WAIT);
        assertThat(got).hasSize(1);
        ReceivedNotification n = got.get(0);
        assertThat(n.pdu()).isEqualTo("TRAP2");
        assertThat(n.security()).isEqualTo("TRAP2, SNMP v2c, community public");
        assertThat(n.varbinds().keySet()).containsExactly(ReceivedNotification.SYS_UP_TIME,
                ReceivedNotification.SNMP_TRAP_OID, MARK, ".1.3.6.1.4.1.32473.1.11.0", ".1.3.6.1.4.1.32473.1.3.0",
                ".1.3.6.1.4.1.32473.1.12.0");
        assertThat(n.trapOid()).isEqualTo(NOTIFICATION);
        assertThat(n.value(MARK)).isEqualTo("STRING: \"" + mark + "\"");
        assertThat(n.text(".1.3.6.1.4.1.32473.1.11.0")).isEqualTo("line one\nline two");
        assertThat(n.value(".1.3.6.1.4.1.32473.1.3.0")).isEqualTo("INTEGER: 5");
        assertThat(n.text(".1.3.6.1.4.1.32473.1.12.0")).isEmpty();
    }

    @Test
    @Order(2)
    void aV3InformWithTheRightKeysIsAcknowledgedAndWithWrongOnesNeitherAcknowledgedNorLogged() throws Exception {
        String mark = mark();
        assertThat(send("snmpinform", v3("informer", "SHA-256", "AES", PRIV), MARK, "s", mark).ok()).isTrue();
        List<ReceivedNotification> got = nms.await(n -> n.mentions(mark), 1, WAIT);
        assertThat(got).singleElement().satisfies(n -> {
            assertThat(n.pdu()).isEqualTo("INFORM");
            assertThat(n.security()).startsWith("INFORM, SNMP v3, user informer");
        });

        String wrong = mark();
        ExternalCommand.Result refused = sendOnce(v3("informer", "SHA-256", "AES", "not-the-priv-pass"),
                MARK, "s", wrong);
        assertThat(refused.ok()).as(refused.output()).isFalse();
        assertThat(nms.await(n -> n.mentions(wrong), 1, Duration.ofMillis(500))).isEmpty();
        assertThat(nms.logText()).doesNotContain("not-the-priv-pass");
    }

    @Test
    @Order(3)
    void aV3TrapFromTheNamedSenderEngineWithSha512AndAes256IsDecoded() throws Exception {
        String mark = mark();
        List<String> security = new ArrayList<>(List.of("-e", "0x" + SENDER_ENGINE));
        security.addAll(v3("trapper", "SHA-512", "AES-256", PRIV));
        send("snmptrap", security, MARK, "s", mark).orThrow();
        assertThat(nms.await(n -> n.mentions(mark), 1, WAIT)).singleElement()
                .satisfies(n -> assertThat(n.security()).startsWith("TRAP2, SNMP v3, user trapper"));
    }

    @Test
    @Order(4)
    void aStoppedReceiverHearsNothingAndComesBackOnTheSamePortWithWhatItHadReceived() throws Exception {
        int port = nms.port();
        long pid = nms.pid().orElseThrow();
        int before = nms.received().size();
        nms.stop();
        assertThat(nms.isRunning()).isFalse();
        assertThat(ProcessTable.isRunning(pid)).isFalse();
        String lost = mark();
        assertThat(sendOnce(v2c(), MARK, "s", lost).ok()).as("nobody acknowledges").isFalse();

        nms.start();
        assertThat(nms.port()).isEqualTo(port);
        assertThat(nms.pid()).isPresent().get().isNotEqualTo(pid);
        String mark = mark();
        assertThat(send("snmpinform", v3("informer", "SHA-256", "AES", PRIV), MARK, "s", mark).ok())
                .as("the v3 user and engine survive a restart").isTrue();
        assertThat(nms.await(n -> n.mentions(mark), 1, WAIT)).hasSize(1);
        assertThat(nms.received()).hasSize(before + 1).noneMatch(n -> n.mentions(lost));
    }

    @Test
    void closeStopsTheProcessByItsPidAndDeletesItsTemporaryDirectory() throws Exception {
        SnmpTrapReceiver other = SnmpTrapReceiver.start(List.of("public"), List.of());
        long pid = other.pid().orElseThrow();
        Path dir = other.directory();
        assertThat(ProcessTable.arguments(pid).orElseThrow()).contains(dir.resolve("snmptrapd.conf").toString());
        assertThat(other.port()).isNotEqualTo(nms.port());
        other.close();
        assertThat(ProcessTable.isRunning(pid)).isFalse();
        assertThat(Files.exists(dir)).isFalse();
    }
}
