package io.gpwarden.controller.ssh;

import io.gpwarden.config.ConfigException;
import io.gpwarden.config.ConfigProblem;
import io.gpwarden.config.ConfigProblems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An OpenSSH client configuration file ({@code ssh_config(5)}), read for the keywords gpwarden
 * uses to reach a host: {@code Host}, {@code HostName}, {@code Port}, {@code User},
 * {@code IdentityFile}, {@code UserKnownHostsFile} and {@code StrictHostKeyChecking}. That is what
 * operators already have (the test cluster's {@code env} prints one), so gpwarden reads the same
 * file {@code ssh -F} does.
 *
 * <p>Semantics follow ssh_config: blocks apply in file order to every host one of their
 * {@code Host} patterns matches ({@code *}, {@code ?}, {@code !negation}, case-insensitive);
 * lines before the first {@code Host} apply to all hosts; for each keyword the first value found
 * wins, except {@code IdentityFile}, whose values add up.
 *
 * <p>Refused, with file:line and keyword, because honouring them differently from ssh would be
 * unsafe or surprising: {@code StrictHostKeyChecking} other than {@code yes} or {@code ask}
 * (gpwarden never accepts a new or changed key, and never prompts, so {@code ask} behaves as
 * {@code yes}); {@code Match} and {@code Include} (conditions gpwarden cannot evaluate the way ssh
 * does); {@code ProxyJump}, {@code ProxyCommand}, {@code HostKeyAlias} and {@code KnownHostsCommand}
 * (they change where gpwarden would connect or which key it would check). Every other keyword is
 * ignored (BatchMode, IdentitiesOnly, ConnectTimeout, ...): gpwarden's own settings govern what
 * they would. Immutable.
 */
public final class OpenSshConfig {
    private static final Set<String> REFUSED = Set.of("match", "include", "proxyjump", "proxycommand", "hostkeyalias",
            "knownhostscommand");
    /** %-tokens gpwarden expands in IdentityFile and UserKnownHostsFile (ssh_config "TOKENS"). */
    private static final String PATH_TOKENS = "%dhnpru";

    private final String source;
    private final List<Block> blocks;
    private final List<Located> paths;

    private OpenSshConfig(String source, List<Block> blocks, List<Located> paths) {
        this.source = source;
        this.blocks = List.copyOf(blocks);
        this.paths = List.copyOf(paths);
    }

    /** A file name given in the file (IdentityFile or UserKnownHostsFile), tokens not expanded. */
    public record Located(String value, int line, String keyword, boolean identity) {
    }

    /** One setting: its value(s) as written and its line. */
    public record Setting(List<String> values, int line) {
        public String first() {
            return values.get(0);
        }
    }

    /** A {@code Host} block (or the leading global block, with pattern {@code *}). */
    private record Block(List<String> patterns, Map<String, Setting> settings, List<Setting> identityFiles) {
    }

    /**
     * What the file says for one host. Empty fields were not set by any matching block.
     *
     * @param identityFiles  each IdentityFile value, tokens not yet expanded
     * @param knownHosts     the UserKnownHostsFile values, tokens not yet expanded
     */
    public record HostEntry(Optional<Setting> hostName, Optional<Setting> port, Optional<Setting> user,
                            List<Setting> identityFiles, Optional<Setting> knownHosts) {
    }

    public String source() {
        return source;
    }

    /** Reads and checks a file; every problem is reported at once as a {@link ConfigException}. */
    public static OpenSshConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(new ConfigProblem(file.toString(), 0, 0, "", "OpenSSH client config not found"));
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(file.toString(), 0, 0, "", "cannot read: " + e.getMessage()));
        }
        return parse(file.toString(), text);
    }

    /** Parses text; {@code source} names it in problems. */
    public static OpenSshConfig parse(String source, String text) {
        ConfigProblems problems = new ConfigProblems();
        List<Located> paths = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        Block current = new Block(List.of("*"), new LinkedHashMap<>(), new ArrayList<>());
        blocks.add(current);
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && !Character.isWhitespace(line.charAt(end)) && line.charAt(end) != '=') {
                end++;
            }
            String keyword = line.substring(0, end);
            String rest = line.substring(end).strip();
            if (rest.startsWith("=")) {
                rest = rest.substring(1).strip();
            }
            String lower = keyword.toLowerCase(Locale.ROOT);
            List<String> args = arguments(rest);
            if (args == null) {
                problems.add(problem(source, lineNo, keyword, "unbalanced double quote"));
                continue;
            }
            if (args.isEmpty()) {
                problems.add(problem(source, lineNo, keyword, "missing argument"));
                continue;
            }
            if (REFUSED.contains(lower)) {
                problems.add(problem(source, lineNo, keyword, "not supported by gpwarden: it would connect differently"
                        + " from ssh or check another key; give gpwarden a config file without " + keyword
                        + " (or set ssh.hosts.<host>.address)"));
                continue;
            }
            switch (lower) {
                case "host" -> {
                    current = new Block(List.copyOf(args), new LinkedHashMap<>(), new ArrayList<>());
                    blocks.add(current);
                }
                case "stricthostkeychecking" -> {
                    String v = args.get(0).toLowerCase(Locale.ROOT);
                    if (!v.equals("yes") && !v.equals("ask")) {
                        problems.add(problem(source, lineNo, keyword, args.get(0) + " is refused: gpwarden checks every"
                                + " host key strictly against known_hosts and never accepts a new or changed key;"
                                + " write 'StrictHostKeyChecking yes' (or remove the line)"));
                    }
                }
                case "port" -> {
                    if (!validPort(args.get(0))) {
                        problems.add(problem(source, lineNo, keyword, "expected a port number 1..65535, got "
                                + args.get(0)));
                    } else {
                        current.settings().putIfAbsent(lower, new Setting(args, lineNo));
                    }
                }
                case "hostname" -> {
                    checkTokens(args.get(0), "%h", source, lineNo, keyword, problems);
                    current.settings().putIfAbsent(lower, new Setting(args, lineNo));
                }
                case "user" -> current.settings().putIfAbsent(lower, new Setting(args, lineNo));
                case "identityfile" -> {
                    checkTokens(args.get(0), PATH_TOKENS, source, lineNo, keyword, problems);
                    current.identityFiles().add(new Setting(List.of(args.get(0)), lineNo));
                    paths.add(new Located(args.get(0), lineNo, keyword, true));
                }
                case "userknownhostsfile" -> {
                    args.forEach(a -> checkTokens(a, PATH_TOKENS, source, lineNo, keyword, problems));
                    args.forEach(a -> paths.add(new Located(a, lineNo, keyword, false)));
                    current.settings().putIfAbsent(lower, new Setting(args, lineNo));
                }
                default -> {
                    // Ignored: see the class comment.
                }
            }
        }
        problems.throwIfAny();
        return new OpenSshConfig(source, blocks, paths);
    }

    /** Every IdentityFile and UserKnownHostsFile value in the file, for checks that need no host. */
    public List<Located> paths() {
        return paths;
    }

    /** What applies to {@code host} (the name gpwarden was asked to reach, e.g. {@code sdw1}). */
    public HostEntry lookup(String host) {
        Map<String, Setting> found = new HashMap<>();
        List<Setting> identities = new ArrayList<>();
        for (Block b : blocks) {
            if (!matches(b.patterns(), host)) {
                continue;
            }
            b.settings().forEach(found::putIfAbsent);
            identities.addAll(b.identityFiles());
        }
        return new HostEntry(Optional.ofNullable(found.get("hostname")), Optional.ofNullable(found.get("port")),
                Optional.ofNullable(found.get("user")), identities, Optional.ofNullable(found.get("userknownhostsfile")));
    }

    /**
     * Expands ssh_config's %-tokens and {@code ~} in a file name: {@code %d} local home, {@code %u}
     * local user, {@code %h} remote host name (after HostName), {@code %n} the name as given,
     * {@code %p} port, {@code %r} remote user, {@code %%} a percent sign.
     */
    public static String expand(String value, Map<Character, String> tokens) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 1 < value.length()) {
                char t = value.charAt(++i);
                sb.append(t == '%' ? "%" : tokens.getOrDefault(t, ""));
            } else {
                sb.append(c);
            }
        }
        String s = sb.toString();
        String home = tokens.getOrDefault('d', "");
        if (s.equals("~")) {
            return home;
        }
        return s.startsWith("~/") ? home + s.substring(1) : s;
    }

    static boolean matches(List<String> patterns, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        boolean positive = false;
        for (String p : patterns) {
            boolean negated = p.startsWith("!");
            String glob = (negated ? p.substring(1) : p).toLowerCase(Locale.ROOT);
            if (glob(glob, 0, h, 0)) {
                if (negated) {
                    return false;
                }
                positive = true;
            }
        }
        return positive;
    }

    private static boolean glob(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                for (int k = si; k <= s.length(); k++) {
                    if (glob(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length() || (c != '?' && c != s.charAt(si))) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }

    /** Whitespace-separated arguments, double quotes grouping; null on an unbalanced quote. */
    private static List<String> arguments(String rest) {
        List<String> args = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    args.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (quoted) {
            return null;
        }
        if (any) {
            args.add(cur.toString());
        }
        return args;
    }

    private static void checkTokens(String value, String allowed, String source, int line, String keyword,
                                    ConfigProblems problems) {
        for (int i = 0; i < value.length() - 1; i++) {
            if (value.charAt(i) == '%') {
                char t = value.charAt(++i);
                if (t != '%' && allowed.indexOf(t) < 0) {
                    problems.add(problem(source, line, keyword, "token %" + t + " is not supported by gpwarden here"
                            + " (supported: " + String.join(" ", allowed.chars().filter(x -> x != '%')
                            .mapToObj(x -> "%" + (char) x).toList()) + " %%)"));
                }
            }
        }
    }

    private static boolean validPort(String text) {
        try {
            int p = Integer.parseInt(text);
            return p >= 1 && p <= 65535;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static ConfigProblem problem(String source, int line, String keyword, String message) {
        return new ConfigProblem(source, line, 0, keyword, message);
    }

    @Override
    public String toString() {
        return "OpenSshConfig[" + source + ", " + (blocks.size() - 1) + " Host blocks]";
    }
}
