package io.gpwarden.testcluster.cli;

import picocli.CommandLine.Command;

/** {@code gpwarden test-cluster stop-host HOST}. */
@Command(name = "stop-host", mixinStandardHelpOptions = true,
        description = "Kill every instance (postmaster and children), the sshd and the SSH sessions open to an emulated "
                + "host at one instant (SIGKILL), as if it lost power. Its address then refuses connections.")
public final class StopHostCommand extends HostPowerCommand {
    public StopHostCommand() {
        super(true);
    }
}
