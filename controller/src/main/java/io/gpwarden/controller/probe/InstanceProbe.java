package io.gpwarden.controller.probe;

/**
 * Checks that one instance serves queries right now.
 *
 * <p>Contract: {@link #probe} opens a fresh connection and runs {@code SELECT 1}; it returns
 * within about the configured probe timeout whatever the server does (a frozen server yields
 * {@link io.gpwarden.controller.jdbc.Reachability#UNRESPONSIVE}, not a hung thread); it never
 * throws; it is safe to call from several threads for different targets at once. No state
 * survives a call except what an implementation learns about the server's dialect.
 */
public interface InstanceProbe {

    ProbeResult probe(ProbeTarget target);
}
