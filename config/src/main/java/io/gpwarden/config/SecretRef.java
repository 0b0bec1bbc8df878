package io.gpwarden.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a secret comes from, as written in a configuration file: {@code env:NAME} (an environment
 * variable), {@code file:/path} (a file readable by its owner only, trailing newline dropped), or a
 * literal where the format allows one (GPSS job files may carry PASSWORD). Also accepted as a
 * mapping {@code {env: NAME}} or {@code {file: /path}}.
 *
 * <p>Resolution happens when the secret is needed, so a rotated file is picked up on the next
 * connection; problems name the key, never the value.
 */
public record SecretRef(Kind kind, String reference, String source, int line, String path) {
    /** The three ways to give a secret. */
    public enum Kind { ENV, FILE, LITERAL }

    private static final Set<PosixFilePermission> TOO_OPEN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** A literal secret not read from any file (for example from a command-line prompt). */
    public static SecretRef literal(String value, String label) {
        return new SecretRef(Kind.LITERAL, value, label, 0, "");
    }

    static Optional<SecretRef> parse(ConfigNode n, boolean literalAllowed, ConfigProblems problems) {
        if (n.isMapping()) {
            if (n.entries().size() == 1 && (n.get("env").isPresent() || n.get("file").isPresent())) {
                boolean env = n.get("env").isPresent();
                ConfigNode v = n.get(env ? "env" : "file").orElseThrow();
                if (v.isScalar() && !v.text().isBlank()) {
                    return Optional.of(new SecretRef(env ? Kind.ENV : Kind.FILE, v.text().trim(), n.source(), n.line(), n.path()));
                }
            }
            problems.add(n, "expected env: NAME or file: /path");
            return Optional.empty();
        }
        if (!n.isScalar()) {
            problems.add(n, "expected a secret reference (env:NAME or file:/path)");
            return Optional.empty();
        }
        String text = n.text();
        if (text.startsWith("env:") && text.length() > 4) {
            return Optional.of(new SecretRef(Kind.ENV, text.substring(4).trim(), n.source(), n.line(), n.path()));
        }
        if (text.startsWith("file:") && text.length() > 5) {
            return Optional.of(new SecretRef(Kind.FILE, text.substring(5).trim(), n.source(), n.line(), n.path()));
        }
        if (!literalAllowed) {
            problems.add(n, "write secrets by reference (env:NAME or file:/path), not in the file");
            return Optional.empty();
        }
        return Optional.of(new SecretRef(Kind.LITERAL, text, n.source(), n.line(), n.path()));
    }

    /** Resolves against the process environment. */
    public Secret resolve() {
        return resolve(System.getenv());
    }

    /**
     * Resolves the secret. Throws {@link ConfigException} (exit 2 in commands) when the variable is
     * unset, the file is missing or readable by others; the message names the key and the
     * variable or file, never the secret.
     */
    public Secret resolve(Map<String, String> environment) {
        return switch (kind) {
            case LITERAL -> Secret.of(reference);
            case ENV -> {
                String v = environment.get(reference);
                if (v == null) {
                    throw problem("environment variable " + reference + " is not set");
                }
                yield Secret.of(v);
            }
            case FILE -> Secret.of(readFile(Path.of(reference)));
        };
    }

    private String readFile(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw problem("secret file " + file + " does not exist");
            }
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                perms.retainAll(TOO_OPEN);
                if (!perms.isEmpty()) {
                    throw problem("secret file " + file + " is readable by group or others; chmod 600 it");
                }
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system: nothing to check.
            }
            String content = Files.readString(file, StandardCharsets.UTF_8);
            return content.endsWith("\n") ? content.stripTrailing() : content;
        } catch (IOException e) {
            throw problem("cannot read secret file " + file + ": " + e.getClass().getSimpleName());
        }
    }

    private ConfigException problem(String message) {
        return new ConfigException(new ConfigProblem(source, line, 0, path, message));
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ENV -> "env:" + reference;
            case FILE -> "file:" + reference;
            case LITERAL -> "******";
        };
    }
}
