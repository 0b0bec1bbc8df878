package io.gpwarden.alerts.incident;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Incident ids that sort by time and do not collide across restarts or controllers:
 * {@code 20250301T100000Z-3f2a9c1b0d4e}, the opening time in UTC and 48 random bits.
 */
public final class IncidentIds implements Supplier<String> {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public IncidentIds(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String get() {
        byte[] bytes = new byte[6];
        random.nextBytes(bytes);
        return STAMP.format(clock.instant()) + "-" + HexFormat.of().formatHex(bytes);
    }
}
