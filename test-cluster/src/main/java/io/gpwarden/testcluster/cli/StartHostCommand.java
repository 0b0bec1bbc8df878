package io.gpwarden.testcluster.cli;

import picocli.CommandLine.Command;

/** {@code gpwarden test-cluster start-host HOST}. */
@Command(name = "start-host", mixinStandardHelpOptions = true,
        description = "Bring a stopped host back: its sshd, then the instances that ran on it, except segments the "
                + "catalog marks down (recover those with gprecoverseg, as after a real reboot).")
public final class StartHostCommand extends HostPowerCommand {
    public StartHostCommand() {
        super(false);
    }
}
