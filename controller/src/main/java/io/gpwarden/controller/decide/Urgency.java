package io.gpwarden.controller.decide;

/** How urgently a human must act; ordered, so a later constant is more urgent. Matches the alerts module's severities. */
public enum Urgency {
    INFO, WARNING, CRITICAL
}
