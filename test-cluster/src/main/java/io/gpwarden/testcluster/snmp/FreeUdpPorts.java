package io.gpwarden.testcluster.snmp;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds UDP ports on 127.0.0.1 that are free at the time of asking, drawn at random from
 * 20000–58999 like the TCP ports of {@link io.gpwarden.testcluster.process.FreePorts}: outside
 * the kernel's ephemeral range, where every SNMP sender's own socket would otherwise compete
 * with the receiver for a port across a restart.
 */
public final class FreeUdpPorts {
    private static final int LOW = 20000;
    private static final int HIGH = 59000;

    private FreeUdpPorts() {
    }

    /** A port nothing listens on right now: where a receiver can start, or where nobody answers. */
    public static int pick() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = LOW + ThreadLocalRandom.current().nextInt(HIGH - LOW);
            try (DatagramSocket s = new DatagramSocket(null)) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(loopback, port));
                return port;
            } catch (IOException e) {
                // taken: draw again
            }
        }
        throw new IllegalStateException("no free UDP port found on " + loopback.getHostAddress());
    }
}
