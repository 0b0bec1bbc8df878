package io.gpwarden.agent.copy;

/**
 * Converts the common ISO 8601 spellings of a timestamp to PostgreSQL's binary form
 * (microseconds since 2000-01-01 00:00:00, UTC for timestamptz; days since 2000-01-01 for
 * date), exactly as PostgreSQL's input functions read them. Anything outside these shapes is
 * {@link #NOT_EXACT}, never a guess: the value then travels as text and the server reads it.
 *
 * <pre>
 *   YYYY-MM-DD                                   date; midnight for timestamps
 *   YYYY-MM-DD(T| )HH:MM[:SS[.f]][zone]          f: 1 to 6 digits
 *   zone: Z | +HH | +HH:MM | +HHMM  (or -)       HH at most 15, as PostgreSQL allows
 * </pre>
 * Years 1000 to 9999, real calendar dates (proleptic Gregorian, as PostgreSQL), hours 0-23,
 * seconds 0-59 (PostgreSQL's 24:00:00 and leap second 60 go as text). For timestamptz a value
 * without zone is local time in the session's TimeZone: converted only when that is UTC. For
 * timestamp without time zone, a value with a zone goes as text (PostgreSQL ignores the zone).
 * {@code infinity} and {@code -infinity} map to PostgreSQL's infinite timestamps.
 */
public final class IsoTimestamp {
    /** Returned for any text not converted here (no valid timestamp or date can take this value). */
    public static final long NOT_EXACT = Long.MIN_VALUE + 1;

    private static final long DAYS_1970_TO_2000 = 10_957;
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private IsoTimestamp() {
    }

    /** Microseconds since 2000-01-01 (UTC for {@code withZone}), or {@link #NOT_EXACT}. */
    public static long micros(byte[] v, int off, int len, boolean withZone, boolean sessionUtc) {
        if (BinaryValues.equals(v, off, len, "infinity")) {
            return Long.MAX_VALUE;
        }
        if (BinaryValues.equals(v, off, len, "-infinity")) {
            return Long.MIN_VALUE;
        }
        if (len < 10) {
            return NOT_EXACT;
        }
        long days = days(v, off, 10);
        if (days == NOT_EXACT) {
            return NOT_EXACT;
        }
        int end = off + len;
        int i = off + 10;
        long seconds = 0;
        long micros = 0;
        if (i < end && (v[i] == 'T' || v[i] == ' ')) {
            i++;
            int h = two(v, i, end);
            if (h < 0 || h > 23 || i + 2 >= end || v[i + 2] != ':') {
                return NOT_EXACT;
            }
            int m = two(v, i + 3, end);
            if (m < 0 || m > 59) {
                return NOT_EXACT;
            }
            i += 5;
            int s = 0;
            if (i < end && v[i] == ':') {
                s = two(v, i + 1, end);
                if (s < 0 || s > 59) {
                    return NOT_EXACT;
                }
                i += 3;
                if (i < end && v[i] == '.') {
                    i++;
                    int digits = 0;
                    while (i < end && v[i] >= '0' && v[i] <= '9') {
                        if (++digits > 6) {
                            return NOT_EXACT;
                        }
                        micros = micros * 10 + (v[i] - '0');
                        i++;
                    }
                    if (digits == 0) {
                        return NOT_EXACT;
                    }
                    for (int k = digits; k < 6; k++) {
                        micros *= 10;
                    }
                }
            }
            seconds = h * 3600L + m * 60L + s;
        }
        long offset;
        if (i == end) {
            if (withZone && !sessionUtc) {
                return NOT_EXACT;
            }
            offset = 0;
        } else {
            if (!withZone) {
                return NOT_EXACT;
            }
            offset = zone(v, i, end);
            if (offset == NOT_EXACT) {
                return NOT_EXACT;
            }
        }
        return days * MICROS_PER_DAY + (seconds - offset) * 1_000_000L + micros;
    }

    /** Days since 2000-01-01 of exactly {@code YYYY-MM-DD}, or {@link #NOT_EXACT}. */
    public static long days(byte[] v, int off, int len) {
        if (len != 10 || v[off + 4] != '-' || v[off + 7] != '-') {
            return NOT_EXACT;
        }
        int y1 = two(v, off, off + 10);
        int y2 = two(v, off + 2, off + 10);
        int m = two(v, off + 5, off + 10);
        int d = two(v, off + 8, off + 10);
        if (y1 < 10 || y2 < 0 || m < 1 || m > 12 || d < 1) {
            return NOT_EXACT;
        }
        int y = y1 * 100 + y2;
        if (d > daysInMonth(y, m)) {
            return NOT_EXACT;
        }
        return civilDays(y, m, d) - DAYS_1970_TO_2000;
    }

    /** The zone offset in seconds east of UTC at {@code v[i, end)}, or {@link #NOT_EXACT}. */
    private static long zone(byte[] v, int i, int end) {
        if (end - i == 1 && v[i] == 'Z') {
            return 0;
        }
        if (v[i] != '+' && v[i] != '-') {
            return NOT_EXACT;
        }
        int sign = v[i] == '-' ? -1 : 1;
        int h = two(v, i + 1, end);
        if (h < 0 || h > 15) {
            return NOT_EXACT;
        }
        int rest = end - (i + 3);
        int m;
        if (rest == 0) {
            m = 0;
        } else if (rest == 3 && v[i + 3] == ':') {
            m = two(v, i + 4, end);
        } else if (rest == 2) {
            m = two(v, i + 3, end);
        } else {
            return NOT_EXACT;
        }
        if (m < 0 || m > 59) {
            return NOT_EXACT;
        }
        return sign * (h * 3600L + m * 60L);
    }

    /** Two ASCII digits at {@code v[i]} as a number, or -1. */
    private static int two(byte[] v, int i, int end) {
        if (i + 1 >= end) {
            return -1;
        }
        int a = v[i] - '0';
        int b = v[i + 1] - '0';
        return a < 0 || a > 9 || b < 0 || b > 9 ? -1 : a * 10 + b;
    }

    private static int daysInMonth(int y, int m) {
        return switch (m) {
            case 2 -> (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long civilDays(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yoe = y - era * 400;
        int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097L + doe - 719_468;
    }
}
