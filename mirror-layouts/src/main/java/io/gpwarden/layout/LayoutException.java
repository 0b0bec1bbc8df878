package io.gpwarden.layout;

/**
 * A request the layout engine cannot honour, or input it cannot trust. The message says why and
 * what would work; the command line maps this (an {@link IllegalArgumentException}) to exit code 2.
 */
public class LayoutException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public LayoutException(String message) {
        super(message);
    }
}
