package io.gpwarden.controller.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * The only host-key check gpwarden uses: a key is accepted when one of the configured known_hosts
 * files lists it for the host (under {@code [host]:port} when the port is not 22, hashed entries
 * included, as OpenSSH writes them). Anything else is refused — a different key (possible man in
 * the middle, or a rebuilt host) or no entry at all — and which of the two it was is remembered
 * for the error message. known_hosts is never written: adding a key is a human's decision.
 *
 * <p>One instance per connection attempt (it records that attempt's verdict); the files are read
 * when it is created, so an edited known_hosts applies to the next connection.
 */
final class StrictKnownHosts implements HostKeyVerifier {

    /** What the check concluded. */
    enum Verdict { NOT_CHECKED, ACCEPTED, MISMATCH, UNKNOWN }

    private final List<Recording> files = new ArrayList<>();
    private final List<Path> paths;
    private volatile Verdict verdict = Verdict.NOT_CHECKED;
    private volatile String presented;

    StrictKnownHosts(List<Path> knownHosts) throws IOException {
        this.paths = List.copyOf(knownHosts);
        for (Path p : knownHosts) {
            files.add(new Recording(p));
        }
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        presented = KeyType.fromKey(key) + " " + fingerprint(key);
        boolean changed = false;
        for (Recording f : files) {
            if (f.verify(hostname, port, key)) {
                verdict = Verdict.ACCEPTED;
                return true;
            }
            changed |= f.changed;
        }
        verdict = changed ? Verdict.MISMATCH : Verdict.UNKNOWN;
        return false;
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        Set<String> algorithms = new LinkedHashSet<>();
        for (Recording f : files) {
            algorithms.addAll(f.findExistingAlgorithms(hostname, port));
        }
        return new ArrayList<>(algorithms);
    }

    Verdict verdict() {
        return verdict;
    }

    /** The presented key's type and SHA-256 fingerprint ({@code ssh-ed25519 SHA256:...}), once checked. */
    String presented() {
        return presented;
    }

    List<Path> paths() {
        return paths;
    }

    /** OpenSSH's fingerprint format: SHA-256 of the key blob, base64 without padding. */
    static String fingerprint(PublicKey key) {
        try {
            byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** sshj's parser and matcher, with its "changed" and "unknown" outcomes recorded instead of acted on. */
    private static final class Recording extends OpenSSHKnownHosts {
        private boolean changed;

        Recording(Path file) throws IOException {
            super(file.toFile());
        }

        @Override
        protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
            return false;
        }

        @Override
        protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
            changed = true;
            return false;
        }

        @Override
        public void write() {
            throw new UnsupportedOperationException("gpwarden never writes known_hosts");
        }
    }
}
