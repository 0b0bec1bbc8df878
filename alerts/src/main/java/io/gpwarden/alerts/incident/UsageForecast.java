package io.gpwarden.alerts.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Linear forecast of when a growing quantity reaches its capacity ("sdw3 /data full in about
 * 6 h"), by least squares over recent samples. Pure. It says nothing (empty) when it cannot
 * say something honest: fewer than three samples, samples spanning less than
 * {@code minSpan}, a flat or shrinking trend, or a value already at capacity (that is the
 * threshold alarm's job, not a forecast).
 */
public final class UsageForecast {

    /** One reading: at {@code at}, {@code used} out of the capacity (any unit, e.g. bytes or %). */
    public record Sample(Instant at, double used) {
    }

    private UsageForecast() {
    }

    public static Optional<Duration> timeToFull(List<Sample> samples, double capacity, Duration minSpan) {
        if (samples.size() < 3) {
            return Optional.empty();
        }
        Instant origin = samples.get(0).at();
        Instant last = origin;
        double n = samples.size();
        double sumX = 0;
        double sumY = 0;
        for (Sample s : samples) {
            sumX += seconds(origin, s.at());
            sumY += s.used();
            last = s.at().isAfter(last) ? s.at() : last;
        }
        Instant first = samples.stream().map(Sample::at).min(Instant::compareTo).orElseThrow();
        if (Duration.between(first, last).compareTo(minSpan) < 0) {
            return Optional.empty();
        }
        double meanX = sumX / n;
        double meanY = sumY / n;
        double sxx = 0;
        double sxy = 0;
        for (Sample s : samples) {
            double dx = seconds(origin, s.at()) - meanX;
            sxx += dx * dx;
            sxy += dx * (s.used() - meanY);
        }
        if (sxx == 0) {
            return Optional.empty();
        }
        double slopePerSecond = sxy / sxx;
        if (!(slopePerSecond > 0)) {
            return Optional.empty();
        }
        // Project from the fitted value at the newest sample, not from the raw reading: one
        // noisy sample should not move the forecast by its whole error.
        double fittedNow = meanY + slopePerSecond * (seconds(origin, last) - meanX);
        double remaining = capacity - fittedNow;
        if (remaining <= 0) {
            return Optional.empty();
        }
        double secondsLeft = remaining / slopePerSecond;
        if (secondsLeft > Long.MAX_VALUE / 2e9) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(Math.round(secondsLeft * 1000)));
    }

    /** "about 45 min", "about 6 h", "about 3 days": rounded the way a person would say it. */
    public static String approximately(Duration d) {
        long minutes = Math.max(1, Math.round(d.toSeconds() / 60.0));
        if (minutes < 60) {
            return "about " + minutes + " min";
        }
        long hours = Math.round(minutes / 60.0);
        if (hours < 48) {
            return "about " + hours + " h";
        }
        return "about " + Math.round(hours / 24.0) + " days";
    }

    private static double seconds(Instant origin, Instant at) {
        return Duration.between(origin, at).toMillis() / 1000.0;
    }
}
