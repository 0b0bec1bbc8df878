package io.gpwarden.layout.move;

import java.util.Map;
import java.util.OptionalLong;

/**
 * What a move needs to know about space: free bytes per host (from {@code gp_toolkit.gp_disk_free},
 * the sum over a host's distinct data devices) and the size of each content's data (a mirror is as
 * large as its primary). Either may be unknown; then the plan says so instead of guessing.
 */
public record DiskSpace(Map<String, Long> freeBytesByHost, Map<Integer, Long> bytesByContent, Long uniformBytes) {
    public static final DiskSpace UNKNOWN = new DiskSpace(Map.of(), Map.of(), null);

    public DiskSpace {
        freeBytesByHost = Map.copyOf(freeBytesByHost);
        bytesByContent = Map.copyOf(bytesByContent);
    }

    /** The size of a content's mirror, when known. */
    public OptionalLong sizeOf(int content) {
        Long b = bytesByContent.get(content);
        if (b != null) {
            return OptionalLong.of(b);
        }
        return uniformBytes == null ? OptionalLong.empty() : OptionalLong.of(uniformBytes);
    }

    public OptionalLong freeOn(String host) {
        Long f = freeBytesByHost.get(host);
        return f == null ? OptionalLong.empty() : OptionalLong.of(f);
    }

    public DiskSpace withSizes(Map<Integer, Long> sizes, Long uniform) {
        return new DiskSpace(freeBytesByHost, sizes, uniform);
    }
}
