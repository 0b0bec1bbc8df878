package io.gpwarden.alerts.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Resolves secret references from configuration: {@code env:NAME} (an environment variable)
 * or {@code file:/path} (the file's content, trailing newline removed). A file readable or
 * writable by group or others is refused, the way ssh refuses a loose private key: a
 * secret anyone on the host can read is not a secret. Literal values are refused too: YAML
 * files get copied, pasted and committed (Greenplum kept its SMTP password in plain text in
 * postgresql.conf; we do not).
 *
 * <p>Errors name the config key and the reference, never the value.
 */
public final class SecretResolver {

    private static final Set<PosixFilePermission> LOOSE = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Function<String, String> environment;

    public SecretResolver(Function<String, String> environment) {
        this.environment = environment;
    }

    /** Reads the process environment. */
    public static SecretResolver fromSystem() {
        return new SecretResolver(System::getenv);
    }

    /**
     * @param keyPath   where the reference was found, for messages ({@code alerts.channels.mail.password})
     * @param reference {@code env:NAME} or {@code file:/path}
     */
    public Secret resolve(String keyPath, String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException(keyPath + ": a secret reference is required (env:NAME or file:/path)");
        }
        String ref = reference.trim();
        if (ref.startsWith("env:")) {
            String name = ref.substring(4);
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException(keyPath + ": '" + ref + "' is not a valid environment variable name");
            }
            String value = environment.apply(name);
            if (value == null) {
                throw new IllegalArgumentException(keyPath + ": environment variable " + name + " is not set");
            }
            return Secret.of(value, ref);
        }
        if (ref.startsWith("file:")) {
            Path path = Path.of(ref.substring(5));
            return Secret.of(readProtectedFile(keyPath, path), ref);
        }
        throw new IllegalArgumentException(keyPath + ": secrets must be given by reference, 'env:NAME' or"
                + " 'file:/path' (mode 0600), not as a literal value");
    }

    private static String readProtectedFile(String keyPath, Path path) {
        try {
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException(keyPath + ": secret file " + path + " does not exist or is not a file");
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            Set<PosixFilePermission> loose = EnumSet.noneOf(PosixFilePermission.class);
            loose.addAll(permissions);
            loose.retainAll(LOOSE);
            if (!loose.isEmpty()) {
                throw new IllegalArgumentException(keyPath + ": secret file " + path + " has mode "
                        + java.nio.file.attribute.PosixFilePermissions.toString(permissions)
                        + "; it must be readable by its owner only (chmod 600 " + path + ")");
            }
            String text = Files.readString(path, StandardCharsets.UTF_8);
            return text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                    : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (IOException e) {
            throw new IllegalArgumentException(keyPath + ": cannot read secret file " + path + ": "
                    + e.getClass().getSimpleName());
        }
    }
}
