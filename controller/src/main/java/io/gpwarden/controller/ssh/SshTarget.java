package io.gpwarden.controller.ssh;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything needed to reach one cluster host over SSH, resolved from the configuration: where to
 * connect, as whom, with which keys, and which known_hosts files vouch for its host key. File
 * names only: safe to log.
 *
 * @param host        the host as the catalog names it ({@code sdw1})
 * @param destination the name or address connected to; known_hosts is consulted under this name
 *                    (as {@code [destination]:port} when the port is not 22), as ssh does
 * @param identities  private keys, tried in order (key authentication only)
 * @param knownHosts  known_hosts files; a key is accepted when one of them lists it for the host
 */
public record SshTarget(String host, String destination, int port, String user, List<Path> identities,
                        List<Path> knownHosts) {

    public SshTarget {
        identities = List.copyOf(identities);
        knownHosts = List.copyOf(knownHosts);
    }

    /** {@code user@destination:port}, for messages. */
    public String describe() {
        return user + "@" + destination + ":" + port;
    }
}
