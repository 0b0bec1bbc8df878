package io.gpwarden.layout.check;

import java.util.List;

/**
 * The strategy a layout follows: {@code name} is "group", "spread", "block", "custom" or "none" (no
 * mirrors); {@code blockSize} is set for block; {@code alsoMatches} lists other strategies the same
 * layout satisfies (a spread layout whose hosts fall into closed groups of 4 is also block of size 4).
 */
public record LayoutShape(String name, int blockSize, List<String> alsoMatches) {
    public LayoutShape {
        alsoMatches = List.copyOf(alsoMatches);
    }

    /** "group", "spread", "block of size 4", "custom" or "none". */
    public String describe() {
        return "block".equals(name) ? "block of size " + blockSize : name;
    }
}
