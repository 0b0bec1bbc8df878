package io.gpwarden.testcluster.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The operating-system account that owns database files and runs the servers.
 *
 * <p>PostgreSQL refuses to run as root, so when this JVM is root every server command runs as
 * the {@code postgres} account through {@code runuser}, and the files those commands need are
 * handed over to it. Otherwise everything runs as the JVM's own user and {@link #command}
 * changes nothing. The same account logs in over SSH on the emulated hosts (a DBA's gpadmin).
 */
public record OsAccount(String name, boolean switchUser) {

    /** The account of the running JVM: {@code postgres} when it is root, the JVM user otherwise. */
    public static OsAccount forThisJvm() {
        String user = System.getProperty("user.name");
        boolean root = "root".equals(user);
        return root ? new OsAccount("postgres", true) : new OsAccount(user, false);
    }

    /** The command line that runs {@code argv} as this account (unchanged when no switch is needed). */
    public List<String> command(List<String> argv) {
        if (!switchUser) {
            return List.copyOf(argv);
        }
        List<String> out = new ArrayList<>(List.of("runuser", "-u", name, "--"));
        out.addAll(argv);
        return out;
    }

    /** Creates {@code dir} (and parents) and makes this account its owner with mode 0755. */
    public Path ownedDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        giveTo(dir);
        return dir;
    }

    /** Makes this account the owner of {@code path} (no-op unless the JVM is root). */
    public void giveTo(Path path) throws IOException {
        if (!switchUser) {
            return;
        }
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user = lookup.lookupPrincipalByName(name);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(name);
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS);
        view.setOwner(user);
        view.setGroup(group);
    }

    /** Writes a secret file readable only by this account (mode 0600), replacing it atomically. */
    public void writeSecret(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(
                Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
        Files.writeString(tmp, content);
        giveTo(tmp);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Whether this account can reach {@code dir}: every ancestor must be searchable by it.
     * Checked by the mode bits of "other" (the account is never the owner of /root and the like).
     */
    public boolean canTraverse(Path dir) throws IOException {
        if (!switchUser) {
            return true;
        }
        for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (!Files.exists(p)) {
                continue;
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            boolean ownedByUs = Files.getOwner(p).getName().equals(name);
            boolean searchable = ownedByUs ? perms.contains(PosixFilePermission.OWNER_EXECUTE)
                    : perms.contains(PosixFilePermission.OTHERS_EXECUTE);
            if (!searchable) {
                return false;
            }
        }
        return true;
    }
}
