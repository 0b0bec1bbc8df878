package io.gpwarden.agent.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pulls the fields a job maps out of a JSON record in one streaming pass (Jackson's parser over
 * the record's bytes, no tree), into {@link Slots}. It gives what PostgreSQL's {@code ->} and
 * {@code ->>} on a {@code json} value give, so mapping in the agent and mapping in the database
 * produce the same rows:
 *
 * <ul>
 *   <li>{@code ->>} of a string is its unescaped text, of a number or boolean its literal, of
 *       null SQL NULL, of an object or array its exact source text;</li>
 *   <li>{@code ->} is always the exact source text (so {@code null} stays the JSON {@code null});</li>
 *   <li>a field that is absent, or a path through a non-object, is SQL NULL;</li>
 *   <li>a key present twice: the last one wins;</li>
 *   <li>a {@code \u0000} escape anywhere in the record fails it, as PostgreSQL refuses to process it;</li>
 *   <li>the record must be well-formed JSON with nothing after the value.</li>
 * </ul>
 * One instance per decoding thread.
 */
public final class JsonExtractor {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000).build())
            .build();

    private final Node root = new Node();
    private final boolean extracts;

    private static final class Node {
        final Map<String, Node> children = new HashMap<>();
        int textSlot = -1;
        int jsonSlot = -1;
        int[] subtree = new int[0];
    }

    /** {@code paths.get(i)} fills slot {@code slots.get(i)}. */
    public JsonExtractor(List<JsonPath> paths, List<Integer> slots) {
        for (int i = 0; i < paths.size(); i++) {
            Node n = root;
            for (String f : paths.get(i).fields()) {
                n = n.children.computeIfAbsent(f, k -> new Node());
            }
            if (paths.get(i).asText()) {
                n.textSlot = slots.get(i);
            } else {
                n.jsonSlot = slots.get(i);
            }
        }
        collect(root);
        extracts = !paths.isEmpty();
    }

    private static List<Integer> collect(Node n) {
        List<Integer> all = new ArrayList<>();
        if (n.textSlot >= 0) {
            all.add(n.textSlot);
        }
        if (n.jsonSlot >= 0) {
            all.add(n.jsonSlot);
        }
        for (Node c : n.children.values()) {
            all.addAll(collect(c));
        }
        n.subtree = all.stream().mapToInt(Integer::intValue).toArray();
        return all;
    }

    /** Checks the record and fills the slots; returns null, or why the record is rejected. */
    public String extract(byte[] data, Slots slots) {
        for (int s : root.subtree) {
            slots.setNull(s);
        }
        if (extracts && hasNulEscape(data)) {
            return "unsupported Unicode escape sequence: \\u0000 cannot be converted to text";
        }
        try (JsonParser p = FACTORY.createParser(data)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return "invalid input syntax for type json: the record is empty";
            }
            if (t == JsonToken.START_OBJECT && extracts) {
                walk(p, root, data, slots);
            } else {
                p.skipChildren();
            }
            if (p.nextToken() != null) {
                return "invalid input syntax for type json: more data after the JSON value";
            }
            return null;
        } catch (JsonProcessingException e) {
            return "invalid input syntax for type json: " + e.getOriginalMessage();
        } catch (IOException e) {
            return "invalid input syntax for type json: " + e.getMessage();
        }
    }

    private void walk(JsonParser p, Node node, byte[] data, Slots slots) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
            if (t != JsonToken.FIELD_NAME) {
                throw new IOException("unexpected " + t);
            }
            Node child = node.children.get(p.currentName());
            JsonToken v = p.nextToken();
            if (child == null) {
                p.skipChildren();
                continue;
            }
            for (int s : child.subtree) {
                slots.setNull(s);
            }
            capture(p, v, child, data, slots);
        }
    }

    private void capture(JsonParser p, JsonToken v, Node child, byte[] data, Slots slots) throws IOException {
        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
            int start = (int) p.currentTokenLocation().getByteOffset();
            if (v == JsonToken.START_OBJECT && !child.children.isEmpty()) {
                walk(p, child, data, slots);
            } else {
                p.skipChildren();
            }
            int end = (int) p.currentLocation().getByteOffset();
            copySource(data, start, end, child, slots);
            return;
        }
        if (child.textSlot >= 0) {
            switch (v) {
                case VALUE_NULL -> slots.setNull(child.textSlot);
                case VALUE_TRUE -> slots.set(child.textSlot, "true");
                case VALUE_FALSE -> slots.set(child.textSlot, "false");
                default -> slots.set(child.textSlot, p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            }
        }
        if (child.jsonSlot >= 0) {
            if (v == JsonToken.VALUE_STRING) {
                p.getTextLength();
            }
            int start = (int) p.currentTokenLocation().getByteOffset();
            int end = (int) p.currentLocation().getByteOffset();
            String err = slots.setUtf8(child.jsonSlot, data, start, end - start);
            if (err != null) {
                throw new IOException(err);
            }
        }
    }

    private static void copySource(byte[] data, int start, int end, Node child, Slots slots) throws IOException {
        for (int slot : new int[] {child.textSlot, child.jsonSlot}) {
            if (slot >= 0) {
                String err = slots.setUtf8(slot, data, start, end - start);
                if (err != null) {
                    throw new IOException(err);
                }
            }
        }
    }

    /** A {@code \u0000} escape (not an escaped backslash followed by "u0000"). */
    public static boolean hasNulEscape(byte[] d) {
        int n = d.length - 5;
        for (int i = 0; i < n; i++) {
            if (d[i] == '\\') {
                if (d[i + 1] == 'u' && d[i + 2] == '0' && d[i + 3] == '0' && d[i + 4] == '0' && d[i + 5] == '0') {
                    return true;
                }
                i++;
            }
        }
        return false;
    }
}
