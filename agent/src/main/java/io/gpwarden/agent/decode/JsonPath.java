package io.gpwarden.agent.decode;

import java.util.List;

/**
 * A field path into a JSON document as PostgreSQL's json operators walk it: {@code j->'a'->>'b'}
 * is fields [a, b] read as text; {@code j->'a'} is [a] read as json (the exact source text).
 */
public record JsonPath(List<String> fields, boolean asText) {
    public JsonPath {
        fields = List.copyOf(fields);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a json path names at least one field");
        }
    }
}
