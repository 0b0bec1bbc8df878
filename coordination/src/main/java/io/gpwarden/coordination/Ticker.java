package io.gpwarden.coordination;

/**
 * A monotonic clock in nanoseconds (only differences mean anything). Lease deadlines are measured
 * on it, never on the wall clock, so a clock step on a host (NTP, an operator, libfaketime) cannot
 * stretch or shorten a lease (reliability F12).
 */
@FunctionalInterface
public interface Ticker {
    /** The JVM's monotonic clock, {@link System#nanoTime()}. */
    Ticker SYSTEM = System::nanoTime;

    long nanos();
}
