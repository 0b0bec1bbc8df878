package io.gpwarden.coordination.document;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code journal/<epoch>}: the steps of one failover, written before and after each step with a
 * compare on {@code mod_revision}, so a new leader finds what is in flight and resumes it.
 */
public record JournalDocument(long epoch, String incident, List<Step> steps) {
    /** One step and where it got to. */
    public record Step(String name, StepState state, Instant at, String detail) {
        public Step {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(state, "state");
        }
    }

    /** Written before a step runs (STARTED) and after (DONE or FAILED). */
    public enum StepState { STARTED, DONE, FAILED }

    public JournalDocument {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }
}
