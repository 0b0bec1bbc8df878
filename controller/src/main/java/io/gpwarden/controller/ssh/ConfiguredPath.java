package io.gpwarden.controller.ssh;

import io.gpwarden.config.ConfigException;
import io.gpwarden.config.ConfigProblem;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file name as written in a configuration, with where it was written: {@code ~/.ssh/id_ed25519},
 * {@code $GPWARDEN_SSH_CONFIG} or {@code ${HOME}/keys/gpwarden}. Variables and {@code ~} are
 * expanded when the file is needed (like secret references), so a configuration can be checked in
 * a shell that lacks them; an unset variable is a problem naming the file, line and key.
 *
 * @param text   as written
 * @param source the configuration file, for messages
 * @param line   its line there (0 when unknown)
 * @param key    the key path ({@code ssh.identity_file}) or keyword ({@code IdentityFile})
 */
public record ConfiguredPath(String text, String source, int line, String key) {
    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)}|([A-Za-z_][A-Za-z0-9_]*))");

    /** Expands {@code ~} and {@code $NAME}/{@code ${NAME}}; throws {@link ConfigException} when a variable is unset. */
    public Path resolve(Map<String, String> environment, Path home) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = environment.get(name);
            if (value == null || value.isEmpty()) {
                throw new ConfigException(new ConfigProblem(source, line, 0, key,
                        "environment variable " + name + " is not set (the file is named by it: " + text + ")"));
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        String expanded = sb.toString();
        if (expanded.equals("~")) {
            return home;
        }
        if (expanded.startsWith("~/")) {
            return home.resolve(expanded.substring(2));
        }
        return Path.of(expanded);
    }

    @Override
    public String toString() {
        return text;
    }
}
