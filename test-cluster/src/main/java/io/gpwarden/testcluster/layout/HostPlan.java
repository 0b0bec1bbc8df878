package io.gpwarden.testcluster.layout;

/** One emulated host: its name ({@code cdw}, {@code scdw}, {@code sdw1} …) and loopback address. */
public record HostPlan(String name, String address) {
}
