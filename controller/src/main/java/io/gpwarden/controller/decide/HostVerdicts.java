package io.gpwarden.controller.decide;

import io.gpwarden.alerts.EventKind;
import io.gpwarden.alerts.Severity;
import io.gpwarden.controller.observe.HostCheck;
import io.gpwarden.controller.observe.HostChecks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the SSH contacts with the cluster's hosts say, as conditions: a host that does not answer
 * ({@code host-unreachable/<host>}, a warning: its disk sizes go stale and nothing can be run
 * there), a host whose key known_hosts does not vouch for ({@code host-key-rejected/<host>},
 * critical: a security matter, never an outage), and hosts that refuse gpwarden's key (one
 * {@code configuration-error/ssh-login} for the cluster, since a wrong key is wrong everywhere).
 * Pure.
 *
 * <p>A verdict changes only with a contact that ended: while a host has not answered yet (after a
 * restart, or before the first disk read) its conditions from the last tick are kept, because a
 * check we could not make is not a recovery.
 */
final class HostVerdicts {
    static final String SSH_LOGIN_KEY = "configuration-error/ssh-login";

    private HostVerdicts() {
    }

    static String unreachableKey(String host) {
        return "host-unreachable/" + host;
    }

    static String hostKeyKey(String host) {
        return "host-key-rejected/" + host;
    }

    /** Conditions from the latest checks, carrying the previous ones of hosts without a verdict yet. */
    static List<Condition> conditions(HostChecks checks, Map<String, Condition> previous, Instant now) {
        if (!checks.enabled()) {
            return List.of();
        }
        List<Condition> sshBefore = previous.values().stream().filter(c -> c.source() == Source.SSH).toList();
        if (checks.hosts().isEmpty()) {
            return sshBefore;
        }
        List<Condition> out = new ArrayList<>();
        List<HostCheck> rejected = new ArrayList<>();
        boolean anyPending = false;
        for (HostCheck h : checks.hosts().values()) {
            switch (h.state()) {
                case CHECKING -> {
                    anyPending = true;
                    sshBefore.stream().filter(c -> h.host().equals(c.host()) && !c.key().equals(SSH_LOGIN_KEY))
                            .forEach(out::add);
                }
                case UNREACHABLE -> out.add(unreachable(h, now));
                case HOST_KEY_MISMATCH, HOST_KEY_UNKNOWN -> out.add(hostKey(h, now));
                case LOGIN_REJECTED -> rejected.add(h);
                case OK, COMMAND_FAILED -> {
                    // Reachable: no SSH condition (a failing df is shown in the status, not alerted).
                }
            }
        }
        if (!rejected.isEmpty()) {
            out.add(loginRejected(rejected, now));
        } else if (anyPending) {
            sshBefore.stream().filter(c -> c.key().equals(SSH_LOGIN_KEY)).forEach(out::add);
        }
        return out;
    }

    private static Condition unreachable(HostCheck h, Instant now) {
        return Condition.builder(EventKind.HOST_UNREACHABLE, unreachableKey(h.host()), Source.SSH, h.at().orElse(now))
                .severity(Severity.WARNING)
                .host(h.host())
                .summary(h.host() + " cannot be reached over SSH")
                .detail(h.detail())
                .actionTaken("Keeps the file system sizes last read from " + h.host() + ", so disk percentages stay"
                        + " known; tries again at every disk read.")
                .nextStep("Check that " + h.host() + " is up and its sshd answers (ssh " + h.host() + " true as the"
                        + " configured user); if the host is down, its segments' incidents say what else to do.")
                .build();
    }

    private static Condition hostKey(HostCheck h, Instant now) {
        boolean mismatch = h.state() == HostCheck.State.HOST_KEY_MISMATCH;
        Condition.Builder b = Condition.builder(EventKind.HOST_KEY_REJECTED, hostKeyKey(h.host()), Source.SSH,
                        h.at().orElse(now))
                .severity(Severity.CRITICAL)
                .host(h.host())
                .summary("SECURITY: " + h.host() + (mismatch ? " presented an SSH host key other than the one"
                        + " known_hosts lists" : " presented an SSH host key known_hosts does not list")
                        + "; refused, nothing ran")
                .detail(h.detail())
                .actionTaken("Refused the connection before logging in: no command ran on " + h.host() + ". It is"
                        + " checked again at every disk read and refused as long as the key does not match.")
                .nextStep("Compare the presented fingerprint with the host's own, out of band (on " + h.host()
                        + "'s console: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub). If the host was rebuilt,"
                        + " replace its line in known_hosts; if not, treat it as an attack on the path to " + h.host()
                        + ".");
        h.presentedKey().ifPresent(k -> b.fact("presented_key", k));
        return b.build();
    }

    private static Condition loginRejected(List<HostCheck> hosts, Instant now) {
        HostCheck first = hosts.get(0);
        return Condition.builder(EventKind.CONFIGURATION_ERROR, SSH_LOGIN_KEY, Source.SSH, first.at().orElse(now))
                .severity(Severity.CRITICAL)
                .host(first.host())
                .summary("cluster hosts reject gpwarden's SSH login (key authentication)")
                .detail("rejected by " + hosts.stream().map(HostCheck::host).collect(Collectors.joining(", "))
                        + "; " + first.detail())
                .actionTaken("None: nothing can be run on these hosts; disk percentages there stay unknown until"
                        + " the login works.")
                .nextStep("Check ssh.user and ssh.identity_file (or User and IdentityFile in the ssh config file):"
                        + " the public key must be in that user's ~/.ssh/authorized_keys on every host.")
                .build();
    }
}
