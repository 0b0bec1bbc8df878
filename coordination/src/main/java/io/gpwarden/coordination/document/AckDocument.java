package io.gpwarden.coordination.document;

/** {@code agents/<id>/ack}: the last coordinator epoch (and phase) this agent obeyed. */
public record AckDocument(long epoch, CoordinatorDocument.Phase phase) {
}
