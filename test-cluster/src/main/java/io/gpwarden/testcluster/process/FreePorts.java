package io.gpwarden.testcluster.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Random;

/**
 * Finds TCP ports that are free at the time of asking.
 *
 * <p>A port is only known to be free while nobody else binds it: callers start their server
 * promptly and retry with a new port when the start fails on a taken port. Ports are drawn at
 * random from 20000–58999 (not the kernel's ephemeral range, where outgoing connections would
 * steal them), which also keeps Greenplum's port rules (mirror port = primary port + 1000,
 * max + 3 * offset ≤ 61000) satisfiable.
 */
public final class FreePorts {
    private static final int LOW = 20000;
    private static final int HIGH = 59000;
    /**
     * Cluster instances stay at or below this port: gpaddmirrors and the layout planner refuse a
     * cluster whose highest port plus three times the mirror offset (1000 by default) passes
     * 61000, so a coordinator drawn at 58500 would make every default mirror plan impossible.
     */
    private static final int CLUSTER_HIGH = 55000;
    private final Random random;

    public FreePorts() {
        this(new SecureRandom());
    }

    FreePorts(Random random) {
        this.random = random;
    }

    /** A port free on {@code address}. */
    public int pick(InetAddress address) {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = LOW + random.nextInt(HIGH - LOW);
            if (isFree(address, port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free TCP port found on " + address.getHostAddress());
    }

    /** A port free on 127.0.0.1. */
    public int pick() {
        return pick(InetAddress.getLoopbackAddress());
    }

    /**
     * The lowest port {@code base} such that for every address and every offset in
     * {@code offsets}, {@code base + offset} is free: used to give every segment host the same
     * port numbers, as a real Greenplum cluster has. Every port of the block is at most
     * {@value #CLUSTER_HIGH}, so Greenplum's port rules hold with the default mirror offset.
     */
    public int pickBlock(Collection<InetAddress> addresses, int... offsets) {
        int maxOffset = 0;
        for (int o : offsets) {
            maxOffset = Math.max(maxOffset, o);
        }
        for (int attempt = 0; attempt < 500; attempt++) {
            int base = LOW + random.nextInt(CLUSTER_HIGH - LOW - maxOffset);
            if (allFree(addresses, base, offsets)) {
                return base;
            }
        }
        throw new IllegalStateException("no free block of TCP ports found on " + addresses);
    }

    private static boolean allFree(Collection<InetAddress> addresses, int base, int[] offsets) {
        for (InetAddress a : addresses) {
            for (int o : offsets) {
                if (!isFree(a, base + o)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether {@code port} can be bound on {@code address} right now. */
    public static boolean isFree(InetAddress address, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
