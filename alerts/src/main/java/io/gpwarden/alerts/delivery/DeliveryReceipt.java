package io.gpwarden.alerts.delivery;

/**
 * The outcome of a successful delivery.
 *
 * @param acknowledged true when the receiver confirmed (INFORM response, SMTP 250); false for
 *                     best effort (TRAP: sent on UDP, nobody confirms)
 * @param detail       for logs: e.g. "INFORM acknowledged by 127.0.0.1/1162"
 */
public record DeliveryReceipt(boolean acknowledged, String detail) {
}
