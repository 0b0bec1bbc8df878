package io.gpwarden.testcluster.cluster;

import io.gpwarden.testcluster.process.OsAccount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Decides where a cluster's files really live. Normally in {@code --dir} itself; but the database
 * account (postgres, when the JVM is root) must be able to reach them, and a clone under a
 * private home ({@code /root/...}) is out of its reach. Then the files go to
 * {@code /var/tmp/gpwarden-clusters/<hash of --dir>} and {@code --dir} becomes a symbolic link to
 * it, so every command keeps using {@code --dir} and the cluster state names the real place.
 */
final class RuntimeDirectory {
    static final Path RELOCATION_ROOT = Path.of("/var/tmp/gpwarden-clusters");

    private RuntimeDirectory() {
    }

    /** The directory to run the cluster in, creating the link when {@code dir} is unreachable. */
    static Path resolve(Path dir, OsAccount account, Consumer<String> say) throws IOException {
        Path d = dir.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(d)) {
            Path target = d.toRealPath();
            if (account.canTraverse(target)) {
                return target;
            }
        }
        if (account.canTraverse(d)) {
            return d;
        }
        if (Files.exists(d, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(d) && !isEmptyDirectory(d)) {
            throw new IllegalArgumentException("the " + account.name() + " account, which runs the servers and logs in over "
                    + "SSH, cannot reach " + d + " (an ancestor directory is not searchable by others), and it is not "
                    + "empty; use --dir under /tmp or /var/tmp, or chmod o+x its ancestors");
        }
        Path target = RELOCATION_ROOT.resolve(hash(d));
        Files.createDirectories(target);
        Files.setPosixFilePermissions(RELOCATION_ROOT, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(d);
        }
        Files.createDirectories(d.getParent());
        Files.createSymbolicLink(d, target);
        say.accept(d + " is out of reach of the " + account.name() + " account; the cluster lives in " + target
                + " (" + d + " links to it)");
        return target;
    }

    private static boolean isEmptyDirectory(Path d) throws IOException {
        if (!Files.isDirectory(d)) {
            return false;
        }
        try (var s = Files.list(d)) {
            return s.findAny().isEmpty();
        }
    }

    static String hash(Path d) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(d.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
