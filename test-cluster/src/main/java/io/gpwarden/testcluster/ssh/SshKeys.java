package io.gpwarden.testcluster.ssh;

import io.gpwarden.testcluster.process.ExternalCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Generates ed25519 key pairs with OpenSSH's ssh-keygen (private key 0600, no passphrase). */
public final class SshKeys {
    private SshKeys() {
    }

    /** Creates {@code privateKey} and {@code privateKey.pub}; returns the public key line "type base64". */
    public static String generate(Path privateKey, String comment) throws IOException {
        Files.createDirectories(privateKey.getParent());
        Files.deleteIfExists(privateKey);
        Files.deleteIfExists(publicKeyOf(privateKey));
        ExternalCommand.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment,
                "-f", privateKey.toString()), Duration.ofSeconds(30)).orThrow();
        return publicKey(privateKey);
    }

    /** "type base64" of the key pair at {@code privateKey} (the comment dropped). */
    public static String publicKey(Path privateKey) throws IOException {
        String[] parts = Files.readString(publicKeyOf(privateKey)).trim().split("\\s+");
        return parts[0] + " " + parts[1];
    }

    public static Path publicKeyOf(Path privateKey) {
        return privateKey.resolveSibling(privateKey.getFileName() + ".pub");
    }
}
