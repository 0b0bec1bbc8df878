package io.gpwarden.controller.e2e;

import io.gpwarden.alerts.snmp.GpwardenMib;
import io.gpwarden.testcluster.snmp.ReceivedNotification;
import io.gpwarden.testcluster.snmp.SnmpTrapReceiver;
import io.gpwarden.testcluster.snmp.SnmpTrapReceiver.Auth;
import io.gpwarden.testcluster.snmp.SnmpTrapReceiver.Priv;
import io.gpwarden.testcluster.snmp.SnmpTrapReceiver.V3User;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.snmp4j.smi.OID;

/**
 * The NMS on-call reads: test-cluster's snmptrapd accepting SNMPv3 INFORMs from user
 * {@code gpwarden} with authPriv (SHA-256, AES-128), its notifications read through GPWARDEN-MIB.
 * An INFORM snmptrapd cannot authenticate or decrypt is neither logged nor acknowledged, so a
 * received trap proves authPriv worked.
 */
public final class TrapSink implements AutoCloseable {
    public static final String USER = "gpwarden";
    public static final String AUTH = "auth-passphrase-e2e";
    public static final String PRIV = "priv-passphrase-e2e";

    /** One notification, by GPWARDEN-MIB's varbinds. */
    public record Trap(ReceivedNotification received) {
        /** The value of a varbind of GPWARDEN-MIB (the OID names the scalar instance, {@code .0} included). */
        public String value(OID oid) {
            return received.text(oid.toString());
        }

        public String security() {
            return received.security();
        }

        public String key() {
            return value(GpwardenMib.INCIDENT_KEY);
        }

        public String cluster() {
            return value(GpwardenMib.CLUSTER_NAME);
        }

        /** opened(1) escalated(2) deescalated(3) resolved(4) notice(5). */
        public int transition() {
            String v = value(GpwardenMib.TRANSITION);
            return v == null ? 0 : Integer.parseInt(v.replaceAll("\\D", ""));
        }
    }

    private final SnmpTrapReceiver receiver;
    private final Path authFile;
    private final Path privFile;

    private TrapSink(SnmpTrapReceiver receiver, Path authFile, Path privFile) {
        this.receiver = receiver;
        this.authFile = authFile;
        this.privFile = privFile;
    }

    /** Starts snmptrapd with its files in {@code dir}, which also holds the passphrase files the channel reads. */
    public static TrapSink start(Path dir) throws IOException {
        SnmpTrapReceiver receiver = SnmpTrapReceiver.start(dir.resolve("snmptrapd"), List.of(),
                List.of(V3User.of(USER, Auth.SHA_256, AUTH, Priv.AES_128, PRIV)));
        return new TrapSink(receiver, E2eConfig.secretFile(dir, "snmp-auth", AUTH),
                E2eConfig.secretFile(dir, "snmp-priv", PRIV));
    }

    /** The alerts.channels entry for this receiver, with {@code settings} (e.g. {@code timeout: 1s}) added. */
    public String channelYaml(String name, String... settings) {
        StringBuilder yaml = new StringBuilder("    " + name + ":\n"
                + "      type: snmp\n"
                + "      host: 127.0.0.1\n"
                + "      port: " + receiver.port() + "\n");
        for (String setting : settings) {
            yaml.append("      ").append(setting).append('\n');
        }
        return yaml.append("      usm: {user: ").append(USER).append(", auth: sha256, auth_passphrase: file:")
                .append(authFile).append(", priv: aes128, priv_passphrase: file:").append(privFile).append("}\n")
                .toString();
    }

    public List<Trap> traps() throws IOException {
        return receiver.received().stream().map(Trap::new).toList();
    }

    /** Waits until at least {@code count} traps match, then returns all that match. */
    public List<Trap> await(Predicate<Trap> which, int count, Duration timeout) throws IOException {
        return receiver.await(n -> which.test(new Trap(n)), count, timeout).stream().map(Trap::new).toList();
    }

    /** Everything snmptrapd logged. */
    public String logText() throws IOException {
        return receiver.logText();
    }

    @Override
    public void close() {
        receiver.close();
    }
}
