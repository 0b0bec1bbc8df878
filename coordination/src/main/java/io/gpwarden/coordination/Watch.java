package io.gpwarden.coordination;

/** A running watch; closing it stops deliveries (an event already being delivered completes). */
public interface Watch extends AutoCloseable {
    @Override
    void close();
}
