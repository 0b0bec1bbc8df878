package io.gpwarden.controller.ssh;

import io.gpwarden.config.ConfigException;
import io.gpwarden.config.ConfigProblem;
import io.gpwarden.config.ConfigProblems;
import io.gpwarden.config.Secret;
import io.gpwarden.controller.ssh.OpenSshConfig.HostEntry;
import io.gpwarden.controller.ssh.OpenSshConfig.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a host name from the catalog into an {@link SshTarget}, applying the precedence documented
 * on {@link SshSettings}: the host's own entry, the OpenSSH config file, the section, OpenSSH's
 * defaults. Everything that can be checked without knowing the host is checked when loading, so
 * a wrong file name stops {@code controller run} and {@code status} with exit 2 and file:line:key:
 * the config file parses, identity files exist and are readable by their owner only (as ssh
 * demands), known_hosts files exist, the passphrase reference resolves. Immutable.
 */
public final class SshTargets {
    private static final Set<PosixFilePermission> TOO_OPEN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final List<String> DEFAULT_IDENTITIES = List.of(".ssh/id_ed25519", ".ssh/id_ecdsa", ".ssh/id_rsa");

    private final SshSettings settings;
    private final Optional<OpenSshConfig> file;
    private final Path home;
    private final String localUser;
    private final List<Path> identities;
    private final List<Path> knownHosts;
    private final Map<String, Resolved> overrides;
    private final Optional<Secret> passphrase;

    private record Resolved(List<Path> identities, List<Path> knownHosts) {
    }

    private SshTargets(SshSettings settings, Optional<OpenSshConfig> file, Path home, String localUser,
                       List<Path> identities, List<Path> knownHosts, Map<String, Resolved> overrides,
                       Optional<Secret> passphrase) {
        this.settings = settings;
        this.file = file;
        this.home = home;
        this.localUser = localUser;
        this.identities = List.copyOf(identities);
        this.knownHosts = List.copyOf(knownHosts);
        this.overrides = Map.copyOf(overrides);
        this.passphrase = passphrase;
    }

    /** Loads against the process environment and the current user's home. */
    public static SshTargets load(SshSettings settings) {
        return load(settings, System.getenv(), Path.of(System.getProperty("user.home")), System.getProperty("user.name"));
    }

    /** Loads and checks; throws {@link ConfigException} listing every problem. */
    public static SshTargets load(SshSettings settings, Map<String, String> environment, Path home, String localUser) {
        ConfigProblems problems = new ConfigProblems();
        Optional<OpenSshConfig> file = Optional.empty();
        if (settings.configFile().isPresent()) {
            try {
                Path path = settings.configFile().get().resolve(environment, home);
                file = Optional.of(OpenSshConfig.load(path));
            } catch (ConfigException e) {
                e.problems().forEach(problems::add);
            }
        }
        List<Path> identities = resolveAll(settings.identityFiles(), environment, home, true, problems);
        List<Path> knownHosts = resolveAll(settings.knownHosts(), environment, home, false, problems);
        Map<String, Resolved> overrides = new HashMap<>();
        settings.hosts().forEach((host, o) -> overrides.put(host, new Resolved(
                resolveAll(o.identityFiles(), environment, home, true, problems),
                resolveAll(o.knownHosts(), environment, home, false, problems))));
        file.ifPresent(f -> checkFileWidePaths(f, home, localUser, problems));
        Optional<Secret> passphrase = Optional.empty();
        if (settings.identityPassphrase().isPresent()) {
            try {
                passphrase = Optional.of(settings.identityPassphrase().get().resolve(environment));
            } catch (ConfigException e) {
                e.problems().forEach(problems::add);
            }
        }
        problems.throwIfAny();
        return new SshTargets(settings, file, home, localUser, identities, knownHosts, overrides, passphrase);
    }

    public SshSettings settings() {
        return settings;
    }

    /** The passphrase of the identity files, when configured; reveal only to decrypt a key. */
    Optional<Secret> passphrase() {
        return passphrase;
    }

    /**
     * Where and how to reach {@code host}. Throws {@link HostShellException} with
     * {@link HostShellException.Failure#LOGIN_REJECTED} when no identity file can be used (for
     * example one named in the config file with the host's name in it does not exist).
     */
    public SshTarget target(String host) throws HostShellException {
        Optional<SshSettings.HostOverride> o = Optional.ofNullable(settings.hosts().get(host));
        Resolved r = overrides.getOrDefault(host, new Resolved(List.of(), List.of()));
        HostEntry entry = file.map(f -> f.lookup(host))
                .orElse(new HostEntry(Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty()));

        String destination = o.flatMap(SshSettings.HostOverride::address)
                .or(() -> entry.hostName().map(s -> OpenSshConfig.expand(s.first(), Map.of('h', host))))
                .orElse(host);
        int port = o.flatMap(SshSettings.HostOverride::port)
                .or(() -> entry.port().map(s -> Integer.parseInt(s.first())))
                .or(settings::port).orElse(22);
        String user = o.flatMap(SshSettings.HostOverride::user)
                .or(() -> entry.user().map(Setting::first))
                .or(settings::user).orElse(SshSettings.DEFAULT_USER);
        Map<Character, String> tokens = Map.of('d', home.toString(), 'u', localUser, 'h', destination, 'n', host,
                'p', String.valueOf(port), 'r', user);

        List<Path> keys;
        if (!r.identities().isEmpty()) {
            keys = r.identities();
        } else if (!entry.identityFiles().isEmpty()) {
            keys = new ArrayList<>();
            for (Setting s : entry.identityFiles()) {
                if (s.first().equalsIgnoreCase("none")) {
                    continue;
                }
                Path p = Path.of(OpenSshConfig.expand(s.first(), tokens));
                String problem = identityProblem(p);
                if (problem != null) {
                    throw new HostShellException(HostShellException.Failure.LOGIN_REJECTED, host,
                            problem + " (IdentityFile, " + file.get().source() + ":" + s.line() + ")");
                }
                keys.add(p);
            }
        } else if (!identities.isEmpty()) {
            keys = identities;
        } else {
            keys = DEFAULT_IDENTITIES.stream().map(home::resolve).filter(p -> identityProblem(p) == null).toList();
        }
        if (keys.isEmpty()) {
            throw new HostShellException(HostShellException.Failure.LOGIN_REJECTED, host, "no usable identity file:"
                    + " set ssh.identity_file (or IdentityFile in the config file); none of ~/"
                    + String.join(", ~/", DEFAULT_IDENTITIES) + " exists");
        }

        List<Path> known;
        if (!r.knownHosts().isEmpty()) {
            known = r.knownHosts();
        } else if (entry.knownHosts().isPresent()) {
            known = entry.knownHosts().get().values().stream().filter(v -> !v.equalsIgnoreCase("none"))
                    .map(v -> Path.of(OpenSshConfig.expand(v, tokens))).toList();
        } else if (!knownHosts.isEmpty()) {
            known = knownHosts;
        } else {
            known = List.of(home.resolve(".ssh/known_hosts"));
        }
        return new SshTarget(host, destination, port, user, keys, known);
    }

    private static List<Path> resolveAll(List<ConfiguredPath> paths, Map<String, String> environment, Path home,
                                         boolean identity, ConfigProblems problems) {
        List<Path> out = new ArrayList<>();
        for (ConfiguredPath c : paths) {
            try {
                Path p = c.resolve(environment, home);
                String problem = identity ? identityProblem(p) : knownHostsProblem(p);
                if (problem != null) {
                    problems.add(new ConfigProblem(c.source(), c.line(), 0, c.key(), problem));
                } else {
                    out.add(p);
                }
            } catch (ConfigException e) {
                e.problems().forEach(problems::add);
            }
        }
        return out;
    }

    /** Paths in the config file that name no host-specific token can be checked now. */
    private static void checkFileWidePaths(OpenSshConfig f, Path home, String localUser, ConfigProblems problems) {
        Map<Character, String> tokens = Map.of('d', home.toString(), 'u', localUser);
        for (OpenSshConfig.Located l : f.paths()) {
            if (l.value().matches(".*%[hnpr].*") || l.value().equalsIgnoreCase("none")) {
                continue;
            }
            Path p = Path.of(OpenSshConfig.expand(l.value(), tokens));
            String problem = l.identity() ? identityProblem(p) : knownHostsProblem(p);
            if (problem != null) {
                problems.add(new ConfigProblem(f.source(), l.line(), 0, l.keyword(), problem));
            }
        }
    }

    /** Why {@code p} cannot serve as a private key, or null. */
    static String identityProblem(Path p) {
        if (!Files.isRegularFile(p)) {
            return "identity file " + p + " does not exist";
        }
        if (!Files.isReadable(p)) {
            return "identity file " + p + " is not readable by this user";
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            perms.retainAll(TOO_OPEN);
            if (!perms.isEmpty()) {
                return "identity file " + p + " is accessible by group or others; chmod 600 it (ssh refuses it too)";
            }
        } catch (UnsupportedOperationException | IOException e) {
            // No POSIX permissions to check.
        }
        return null;
    }

    /** Why {@code p} cannot serve as a known_hosts file, or null. */
    static String knownHostsProblem(Path p) {
        if (!Files.isRegularFile(p)) {
            return "known_hosts file " + p + " does not exist (gpwarden never creates or adds to it:"
                    + " collect the hosts' keys with ssh-keyscan and check their fingerprints)";
        }
        return Files.isReadable(p) ? null : "known_hosts file " + p + " is not readable by this user";
    }

    @Override
    public String toString() {
        return "SshTargets[" + file.map(OpenSshConfig::source).orElse("no config file") + ", " + settings.hosts().size()
                + " host overrides]";
    }
}
