package io.gpwarden.controller.catalog;

import java.util.OptionalLong;

/** Reads PostgreSQL's textual WAL positions ({@code 16/B374D848}) as byte offsets, so lags are differences. */
final class WalPosition {
    private WalPosition() {
    }

    static OptionalLong parse(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            return OptionalLong.empty();
        }
        try {
            long high = Long.parseLong(text.substring(0, slash), 16);
            long low = Long.parseLong(text.substring(slash + 1), 16);
            return OptionalLong.of((high << 32) | low);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
