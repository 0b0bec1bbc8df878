package io.gpwarden.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a secret comes from, as written in a configuration file: {@code env:NAME} (an environment
 * variable; the name must be a shell variable name), {@code file:/path} (a file readable and
 * writable by its owner only, the way ssh refuses a loose private key; trailing line endings
 * dropped), or a literal where the format allows one (GPSS job files may carry PASSWORD; our own
 * files refuse literals, since YAML files get copied, pasted and committed). Also accepted as a
 * mapping {@code {env: NAME}} or {@code {file: /path}}.
 *
 * <p>Resolution happens when the secret is needed, so a rotated file is picked up on the next
 * connection; the resolved {@link Secret} names this reference as its source. Problems name the
 * file, line, key and the variable or file, never the value.
 */
public record SecretRef(Kind kind, String reference, String source, int line, String path) {
    /** The three ways to give a secret. */
    public enum Kind { ENV, FILE, LITERAL }

    private static final Set<PosixFilePermission> TOO_OPEN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Pattern TRAILING_LINE_ENDS = Pattern.compile("[\r\n]+\\z");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

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
                    return checked(new SecretRef(env ? Kind.ENV : Kind.FILE, v.text().trim(), n.source(), n.line(), n.path()),
                            n, problems);
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
            return checked(new SecretRef(Kind.ENV, text.substring(4).trim(), n.source(), n.line(), n.path()), n, problems);
        }
        if (text.startsWith("file:") && text.length() > 5) {
            return checked(new SecretRef(Kind.FILE, text.substring(5).trim(), n.source(), n.line(), n.path()), n, problems);
        }
        if (!literalAllowed) {
            problems.add(n, "write secrets by reference (env:NAME or file:/path), not in the file");
            return Optional.empty();
        }
        return Optional.of(new SecretRef(Kind.LITERAL, text, n.source(), n.line(), n.path()));
    }

    /** A reference whose variable no shell could set is a typo: said when the file is read, not at first use. */
    private static Optional<SecretRef> checked(SecretRef ref, ConfigNode n, ConfigProblems problems) {
        if (ref.kind() == Kind.ENV && !VARIABLE_NAME.matcher(ref.reference()).matches()) {
            problems.add(n, "'" + ref.reference() + "' is not an environment variable name (letters, digits, _)");
            return Optional.empty();
        }
        return Optional.of(ref);
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
            case LITERAL -> Secret.of(reference, toString());
            case ENV -> {
                String v = environment.get(reference);
                if (v == null) {
                    throw problem("environment variable " + reference + " is not set");
                }
                yield Secret.of(v, toString());
            }
            case FILE -> Secret.of(readFile(Path.of(reference)), toString());
        };
    }

    private String readFile(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw problem("secret file " + file + " does not exist or is not a file");
            }
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                Set<PosixFilePermission> loose = EnumSet.noneOf(PosixFilePermission.class);
                loose.addAll(perms);
                loose.retainAll(TOO_OPEN);
                if (!loose.isEmpty()) {
                    throw problem("secret file " + file + " has mode " + PosixFilePermissions.toString(perms)
                            + "; it must be readable by its owner only (chmod 600 " + file + ")");
                }
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system: nothing to check.
            }
            // Editors and `echo` end the file with a newline that is not part of the secret; spaces may be.
            return TRAILING_LINE_ENDS.matcher(Files.readString(file, StandardCharsets.UTF_8)).replaceFirst("");
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
