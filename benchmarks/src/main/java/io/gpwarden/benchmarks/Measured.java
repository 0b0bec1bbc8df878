package io.gpwarden.benchmarks;

/**
 * One contender's run: its rate, the client's peak RSS (0 when not sampled), the CPU each part
 * of the machine spent on it, and the 1-minute load average when it ended.
 */
record Measured(String what, double rowsPerSecond, long rssMb, CpuMeter.Use cpu, long rows, double loadAverage) {

    /** The same measurement under another name (for the report's table). */
    Measured named(String name) {
        return new Measured(name, rowsPerSecond, rssMb, cpu, rows, loadAverage);
    }

    /** "client / postgres / broker µs per row" (the CPU cost of one row in each part). */
    String cpuPerRow() {
        return cpu == null ? "" : cpu.describe(rows);
    }

    /** Cores busy with other work on the machine meanwhile. */
    String otherCores() {
        return cpu == null ? "" : String.format("%.2f", cpu.otherCores());
    }
}
