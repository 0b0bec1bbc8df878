package io.gpwarden.agent.batch;

/** A record that did not decode or convert, on its way to the error table. Holds the raw bytes. */
public record Rejected(int partition, long offset, byte[] key, byte[] value, String error) {
}
