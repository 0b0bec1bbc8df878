package io.gpwarden.cli.controller;

import io.gpwarden.config.ConfigException;
import io.gpwarden.controller.config.ControllerConfig;
import io.gpwarden.controller.config.ControllerConfigReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --config controller.yaml} option the controller commands share, and its reading. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "The controller configuration (controller.yaml).")
    Path file;

    /** The configuration, or empty after printing every problem to {@code err} (the caller exits 2). */
    Optional<ControllerConfig> read(PrintWriter err) {
        try {
            return Optional.of(ControllerConfigReader.read(file));
        } catch (ConfigException e) {
            err.println("gpwarden: " + e.getMessage());
            err.flush();
            return Optional.empty();
        }
    }
}
