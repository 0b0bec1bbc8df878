package io.gpwarden.coordination;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every key gpwarden writes in etcd, under {@code /gpwarden/v1/<cluster>/} (docs/architecture.md,
 * "Coordination through etcd"). One place builds and parses them, so a key's shape is decided once.
 *
 * <pre>
 * controller/leader                 lease-bound; campaign with create_revision == 0
 * coordinator                       {epoch, host, address, port, phase}
 * agents/&lt;agent&gt;                    lease-bound registration
 * agents/&lt;agent&gt;/ack                last epoch this agent obeyed
 * jobs/&lt;job&gt;                        job spec + desired state
 * jobs/&lt;job&gt;/owners/&lt;agent&gt;         lease-bound claim; its create_revision is the owner epoch
 * jobs/&lt;job&gt;/status                 state, rows, lag, last error
 * incidents/&lt;key&gt;                   created once (key may have several segments: agent-lost/sdw1)
 * journal/&lt;epoch&gt;                   failover steps; epoch zero-padded to 20 digits so keys sort by epoch
 * </pre>
 *
 * <p>Names (cluster, agent, job, incident segments) are 1 to 128 characters of letters, digits,
 * {@code . _ -}, starting with a letter or digit; anything else is refused, so no name can
 * reach into another's keys.
 */
public record KeySpace(String cluster) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final String VERSION_ROOT = "/gpwarden/v1/";

    public KeySpace {
        checkName("cluster", cluster);
    }

    /** What a key under this cluster's root is. */
    public enum Kind { CONTROLLER_LEADER, COORDINATOR, AGENT, AGENT_ACK, JOB, JOB_OWNER, JOB_STATUS, INCIDENT, JOURNAL }

    /**
     * A parsed key: its kind and the names in it ({@code name} is the agent, job or incident key,
     * or the epoch as text; {@code agent} is the owning agent of a {@link Kind#JOB_OWNER}).
     */
    public record Parsed(Kind kind, String name, String agent) {
    }

    /** {@code /gpwarden/v1/<cluster>/}: every key of this cluster starts with it. */
    public String root() {
        return VERSION_ROOT + cluster + "/";
    }

    public String controllerLeader() {
        return root() + "controller/leader";
    }

    public String coordinator() {
        return root() + "coordinator";
    }

    /** {@code agents/}: registrations and acknowledgements of every agent. */
    public String agentsPrefix() {
        return root() + "agents/";
    }

    public String agent(String agent) {
        return agentsPrefix() + checkName("agent", agent);
    }

    public String agentAck(String agent) {
        return agent(agent) + "/ack";
    }

    /** {@code jobs/}: specs, owners and statuses of every job. */
    public String jobsPrefix() {
        return root() + "jobs/";
    }

    public String job(String job) {
        return jobsPrefix() + checkName("job", job);
    }

    /** {@code jobs/<job>/owners/}: the lease-bound owner keys of one job. */
    public String jobOwnersPrefix(String job) {
        return job(job) + "/owners/";
    }

    public String jobOwner(String job, String agent) {
        return jobOwnersPrefix(job) + checkName("agent", agent);
    }

    public String jobStatus(String job) {
        return job(job) + "/status";
    }

    public String incidentsPrefix() {
        return root() + "incidents/";
    }

    /** {@code incidents/<key>}; the key may have several segments separated by {@code /}. */
    public String incident(String key) {
        Objects.requireNonNull(key, "incident key");
        for (String segment : key.split("/", -1)) {
            checkName("incident key segment", segment);
        }
        return incidentsPrefix() + key;
    }

    public String journalPrefix() {
        return root() + "journal/";
    }

    /** {@code journal/<epoch>}, the epoch zero-padded to 20 digits so lexical order is numeric order. */
    public String journal(long epoch) {
        if (epoch <= 0) {
            throw new IllegalArgumentException("an epoch is positive, not " + epoch);
        }
        return journalPrefix() + String.format("%020d", epoch);
    }

    /** What {@code key} is, if it is one of this cluster's keys; empty for anything else. */
    public Optional<Parsed> parse(String key) {
        if (key == null || !key.startsWith(root())) {
            return Optional.empty();
        }
        String[] p = key.substring(root().length()).split("/", -1);
        if (Arrays.stream(p).anyMatch(String::isEmpty)) {
            return Optional.empty();
        }
        Parsed parsed = switch (p[0]) {
            case "controller" -> p.length == 2 && p[1].equals("leader") ? new Parsed(Kind.CONTROLLER_LEADER, "", "") : null;
            case "coordinator" -> p.length == 1 ? new Parsed(Kind.COORDINATOR, "", "") : null;
            case "agents" -> parseAgent(p);
            case "jobs" -> parseJob(p);
            case "incidents" -> p.length >= 2 && allNames(p, 1)
                    ? new Parsed(Kind.INCIDENT, String.join("/", Arrays.copyOfRange(p, 1, p.length)), "") : null;
            case "journal" -> p.length == 2 && p[1].matches("\\d{20}")
                    ? new Parsed(Kind.JOURNAL, Long.toString(Long.parseLong(p[1])), "") : null;
            default -> null;
        };
        return Optional.ofNullable(parsed);
    }

    private static Parsed parseAgent(String[] p) {
        if (p.length < 2 || !NAME.matcher(p[1]).matches()) {
            return null;
        }
        if (p.length == 2) {
            return new Parsed(Kind.AGENT, p[1], p[1]);
        }
        return p.length == 3 && p[2].equals("ack") ? new Parsed(Kind.AGENT_ACK, p[1], p[1]) : null;
    }

    private static Parsed parseJob(String[] p) {
        if (p.length < 2 || !NAME.matcher(p[1]).matches()) {
            return null;
        }
        if (p.length == 2) {
            return new Parsed(Kind.JOB, p[1], "");
        }
        if (p.length == 3 && p[2].equals("status")) {
            return new Parsed(Kind.JOB_STATUS, p[1], "");
        }
        if (p.length == 4 && p[2].equals("owners") && NAME.matcher(p[3]).matches()) {
            return new Parsed(Kind.JOB_OWNER, p[1], p[3]);
        }
        return null;
    }

    private static boolean allNames(String[] p, int from) {
        for (int i = from; i < p.length; i++) {
            if (!NAME.matcher(p[i]).matches()) {
                return false;
            }
        }
        return true;
    }

    private static String checkName(String what, String name) {
        Objects.requireNonNull(name, what);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a valid name: 1 to 128 letters, digits, "
                    + "'.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }
}
