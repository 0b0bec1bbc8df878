package io.gpwarden.layout.plan;

/**
 * The documented block chunking: host h of a block of B hosts sends its P mirrors to the other
 * B-1 hosts of its block in chunks of ceil(P/(B-1)), the first chunk to the next host, the second
 * to the one after, and so on (B = 4, P = 8: 3, 3 and 2 mirrors to h+1, h+2, h+3).
 */
public final class BlockChunking {
    private BlockChunking() {
    }

    /** The largest number of one host's mirrors that may share a host of its block: ceil(P/(B-1)). */
    public static int chunk(int primariesPerHost, int blockSize) {
        if (blockSize < 2) {
            throw new IllegalArgumentException("block size must be at least 2");
        }
        return Math.max(1, (primariesPerHost + blockSize - 2) / (blockSize - 1));
    }

    /** Position within the block, relative to the sender, of the host that gets the k-th primary's mirror (1..B-1). */
    public static int offsetFor(int k, int primariesPerHost, int blockSize) {
        return 1 + k / chunk(primariesPerHost, blockSize);
    }
}
