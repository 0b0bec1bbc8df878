package io.gpwarden.agent.job;

/**
 * ERROR_LIMIT: how many records of one batch may be rejected (sent to the error table) before
 * the job stops, as a count or a percentage of the batch, the way GPSS applies it per batch.
 */
public record ErrorLimit(long count, double percent, boolean isPercent) {

    public static ErrorLimit rows(long count) {
        return new ErrorLimit(count, 0, false);
    }

    public static ErrorLimit percentOf(double percent) {
        return new ErrorLimit(0, percent, true);
    }

    /** Whether {@code rejected} out of {@code total} records breaks the limit. */
    public boolean exceeded(int rejected, int total) {
        if (isPercent) {
            return total > 0 && rejected * 100.0 / total > percent;
        }
        return rejected > count;
    }

    @Override
    public String toString() {
        return isPercent ? trim(percent) + "%" : Long.toString(count);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
