package io.gpwarden.controller.jdbc;

import java.sql.SQLException;

/**
 * The configured password reference could not be resolved (variable unset, file missing or
 * readable by others). Raised before any server is contacted; the message names the
 * configuration key and the variable or file, never a secret.
 */
public final class CredentialsUnavailableException extends SQLException {
    private static final long serialVersionUID = 1L;

    CredentialsUnavailableException(String message, Throwable cause) {
        super(message, "28000", cause);
    }
}
