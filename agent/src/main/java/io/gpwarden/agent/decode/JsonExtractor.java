package io.gpwarden.agent.decode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Pulls the fields a job maps out of a JSON record in one pass over its UTF-8 bytes (no parser
 * objects, no characters: values that appear verbatim are referenced in place), into
 * {@link Slots}. It accepts exactly what PostgreSQL's {@code json} input accepts (its lexer's
 * grammar: numbers without leading zeros or a bare dot, the three literals, strings without
 * raw control characters, valid UTF-8) and gives what {@code ->} and {@code ->>} give, so
 * mapping in the agent and mapping in the database produce the same rows:
 *
 * <ul>
 *   <li>{@code ->>} of a string is its unescaped text, of a number or boolean its literal, of
 *       null SQL NULL, of an object or array its exact source text;</li>
 *   <li>{@code ->} is always the exact source text (so {@code null} stays the JSON {@code null});</li>
 *   <li>a field that is absent, or a path through a non-object, is SQL NULL;</li>
 *   <li>a key present twice: the last one wins;</li>
 *   <li>the operators unescape every string of the document, so when the job extracts fields a
 *       {@code \u0000} escape or a lone surrogate escape anywhere fails the record, as in
 *       PostgreSQL; without extraction (the whole record into a json column) both are kept;</li>
 *   <li>the record must be one JSON value with nothing after it; nesting deeper than 1000 is refused.</li>
 * </ul>
 * One instance per decoding thread.
 */
public final class JsonExtractor {
    private static final int MAX_DEPTH = 1000;
    private static final String SYNTAX = "invalid input syntax for type json: ";
    public static final String NUL_ESCAPE = "unsupported Unicode escape sequence: \\u0000 cannot be converted to text";

    private final Node root = new Node(new byte[0]);
    private final boolean extracts;
    private byte[] d;
    private int p;
    private int end;
    private Slots slots;
    private byte[] key = new byte[64];
    private String escapeProblem;

    /** Thrown inside the scanner for a record it rejects; never escapes this class. */
    private static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Node {
        final byte[] name;
        Node[] children = new Node[0];
        int textSlot = -1;
        int jsonSlot = -1;
        int[] subtree = new int[0];

        Node(byte[] name) {
            this.name = name;
        }

        Node child(byte[] n) {
            for (Node c : children) {
                if (java.util.Arrays.equals(c.name, n)) {
                    return c;
                }
            }
            Node c = new Node(n);
            children = java.util.Arrays.copyOf(children, children.length + 1);
            children[children.length - 1] = c;
            return c;
        }

        /** The child named by {@code src[off, off+len)}, or null. */
        Node find(byte[] src, int off, int len) {
            for (Node c : children) {
                byte[] n = c.name;
                if (n.length == len && java.util.Arrays.equals(n, 0, len, src, off, off + len)) {
                    return c;
                }
            }
            return null;
        }
    }

    /** {@code paths.get(i)} fills slot {@code slots.get(i)}. */
    public JsonExtractor(List<JsonPath> paths, List<Integer> slots) {
        for (int i = 0; i < paths.size(); i++) {
            Node n = root;
            for (String f : paths.get(i).fields()) {
                n = n.child(f.getBytes(StandardCharsets.UTF_8));
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
        for (Node c : n.children) {
            all.addAll(collect(c));
        }
        n.subtree = all.stream().mapToInt(Integer::intValue).toArray();
        return all;
    }

    public String extract(byte[] data, Slots s) {
        return extract(data, 0, data.length, s);
    }

    /** Checks the record {@code data[off, off+len)} and fills the slots; returns null, or why the record is rejected. */
    public String extract(byte[] data, int off, int len, Slots s) {
        for (int slot : root.subtree) {
            s.setNull(slot);
        }
        d = data;
        p = off;
        end = off + len;
        slots = s;
        escapeProblem = null;
        try {
            ws();
            if (p == end) {
                return SYNTAX + "the record is empty";
            }
            value(extracts ? root : null, 0);
            ws();
            if (p != end) {
                return SYNTAX + "more data after the JSON value";
            }
            return null;
        } catch (Rejected e) {
            return e.getMessage();
        } finally {
            d = null;
            slots = null;
        }
    }

    /**
     * After a successful {@link #extract}: why unescaping the record's strings would fail (a
     * {@code \u0000} or lone surrogate escape), or null. What jsonb input, which unescapes
     * everything, refuses.
     */
    public String escapeProblem() {
        return escapeProblem;
    }

    private void ws() {
        while (p < end) {
            byte b = d[p];
            if (b == ' ' || b == '\n' || b == '\t' || b == '\r') {
                p++;
            } else {
                return;
            }
        }
    }

    private Rejected invalid() {
        if (p >= end) {
            return new Rejected(SYNTAX + "The input string ended unexpectedly.");
        }
        int e = p + 1;
        while (e < end && e - p < 40 && alnum(d[e])) {
            e++;
        }
        return new Rejected(SYNTAX + "Token \"" + new String(d, p, e - p, StandardCharsets.UTF_8) + "\" is invalid.");
    }

    private static boolean alnum(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b < 0;
    }

    /** One value at {@code p} (after whitespace); {@code node} is the path node it fills, or null. */
    private void value(Node node, int depth) throws Rejected {
        if (p >= end) {
            throw invalid();
        }
        int start = p;
        byte b = d[p];
        switch (b) {
            case '{' -> {
                if (node != null && node.children.length > 0) {
                    object(node, depth + 1);
                } else {
                    object(null, depth + 1);
                }
                capture(node, start, false);
            }
            case '[' -> {
                array(depth + 1);
                capture(node, start, false);
            }
            case '"' -> {
                boolean escaped = string();
                if (node != null) {
                    if (node.textSlot >= 0) {
                        if (escaped) {
                            unescapeInto(node.textSlot, start + 1, p - 1);
                        } else {
                            slots.setRef(node.textSlot, d, start + 1, p - start - 2);
                        }
                    }
                    if (node.jsonSlot >= 0) {
                        slots.setRef(node.jsonSlot, d, start, p - start);
                    }
                }
            }
            case 't' -> {
                literal("true");
                capture(node, start, false);
            }
            case 'f' -> {
                literal("false");
                capture(node, start, false);
            }
            case 'n' -> {
                literal("null");
                capture(node, start, true);
            }
            default -> {
                if (b == '-' || (b >= '0' && b <= '9')) {
                    number();
                    capture(node, start, false);
                } else {
                    throw invalid();
                }
            }
        }
    }

    /** The source text of the value just scanned into the node's slots ({@code ->>} of null is NULL). */
    private void capture(Node node, int start, boolean isNull) {
        if (node == null) {
            return;
        }
        if (node.textSlot >= 0 && !isNull) {
            slots.setRef(node.textSlot, d, start, p - start);
        }
        if (node.jsonSlot >= 0) {
            slots.setRef(node.jsonSlot, d, start, p - start);
        }
    }

    private void object(Node node, int depth) throws Rejected {
        if (openIsEmpty(depth, '}')) {
            return;
        }
        while (true) {
            if (p >= end || d[p] != '"') {
                throw invalid();
            }
            int keyStart = p + 1;
            boolean escaped = string();
            Node child = null;
            if (node != null) {
                if (escaped) {
                    int n = unescape(keyStart, p - 1);
                    child = node.find(key, 0, n);
                } else {
                    child = node.find(d, keyStart, p - 1 - keyStart);
                }
            }
            ws();
            if (p >= end || d[p] != ':') {
                throw invalid();
            }
            p++;
            ws();
            if (child != null) {
                // The last occurrence of a key wins: forget what an earlier one filled in.
                for (int s : child.subtree) {
                    slots.setNull(s);
                }
            }
            value(child, depth);
            if (closedAfterElement('}')) {
                return;
            }
        }
    }

    private void array(int depth) throws Rejected {
        if (openIsEmpty(depth, ']')) {
            return;
        }
        do {
            value(null, depth);
        } while (!closedAfterElement(']'));
    }

    /** Steps over an object's or array's opening bracket; true (and past {@code close}) when it is empty. */
    private boolean openIsEmpty(int depth, char close) throws Rejected {
        if (depth > MAX_DEPTH) {
            throw new Rejected(SYNTAX + "nesting depth exceeds " + MAX_DEPTH);
        }
        p++;
        ws();
        if (p < end && d[p] == close) {
            p++;
            return true;
        }
        return false;
    }

    /** After a member or element: a comma (false: another follows) or {@code close} (true); else invalid. */
    private boolean closedAfterElement(char close) throws Rejected {
        ws();
        if (p >= end) {
            throw invalid();
        }
        if (d[p] == ',') {
            p++;
            ws();
            return false;
        }
        if (d[p] == close) {
            p++;
            return true;
        }
        throw invalid();
    }

    private void literal(String word) throws Rejected {
        int n = word.length();
        if (end - p < n) {
            throw invalid();
        }
        for (int i = 0; i < n; i++) {
            if (d[p + i] != word.charAt(i)) {
                throw invalid();
            }
        }
        if (p + n < end && alnum(d[p + n])) {
            throw invalid();
        }
        p += n;
    }

    /** -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, not followed by a letter or digit. */
    private void number() throws Rejected {
        int start = p;
        if (d[p] == '-') {
            p++;
        }
        if (p >= end) {
            p = start;
            throw invalid();
        }
        if (d[p] == '0') {
            p++;
        } else if (d[p] >= '1' && d[p] <= '9') {
            while (p < end && d[p] >= '0' && d[p] <= '9') {
                p++;
            }
        } else {
            p = start;
            throw invalid();
        }
        if (p < end && d[p] == '.') {
            p++;
            if (!digits()) {
                p = start;
                throw invalid();
            }
        }
        if (p < end && (d[p] == 'e' || d[p] == 'E')) {
            p++;
            if (p < end && (d[p] == '+' || d[p] == '-')) {
                p++;
            }
            if (!digits()) {
                p = start;
                throw invalid();
            }
        }
        if (p < end && alnum(d[p])) {
            p = start;
            throw invalid();
        }
    }

    private boolean digits() {
        int s = p;
        while (p < end && d[p] >= '0' && d[p] <= '9') {
            p++;
        }
        return p > s;
    }

    /**
     * Scans the string at {@code p} (its opening quote) up to and past its closing quote,
     * checking UTF-8, control characters and escapes; returns whether it holds escapes.
     */
    private boolean string() throws Rejected {
        p++;
        boolean escaped = false;
        while (true) {
            if (p >= end) {
                throw new Rejected(SYNTAX + "The input string ended unexpectedly.");
            }
            byte b = d[p];
            if (b == '"') {
                p++;
                return escaped;
            }
            if (b == '\\') {
                escaped = true;
                escape();
            } else if (b >= 0 && b < 0x20) {
                throw new Rejected(SYNTAX + String.format("Character with value 0x%02x must be escaped.", b));
            } else if (b < 0) {
                int n = Utf8.sequence(d, p, end);
                if (n < 0) {
                    throw new Rejected(Utf8.describeInvalid(d, p, end - p));
                }
                p += n;
            } else {
                p++;
            }
        }
    }

    /** Checks one escape at {@code p} (the backslash) and moves past it. */
    private void escape() throws Rejected {
        if (p + 1 >= end) {
            throw new Rejected(SYNTAX + "The input string ended unexpectedly.");
        }
        byte e = d[p + 1];
        switch (e) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> p += 2;
            case 'u' -> {
                int cp = hex4(p + 2);
                p += 6;
                if (cp == 0) {
                    noteEscapeProblem(NUL_ESCAPE);
                } else if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (p + 6 <= end && d[p] == '\\' && d[p + 1] == 'u') {
                        int low = hex4(p + 2);
                        if (low >= 0xDC00 && low <= 0xDFFF) {
                            p += 6;
                            return;
                        }
                        noteEscapeProblem(SYNTAX + (low >= 0xD800 && low <= 0xDBFF
                                ? "Unicode high surrogate must not follow a high surrogate."
                                : "Unicode low surrogate must follow a high surrogate."));
                    } else {
                        noteEscapeProblem(SYNTAX + "Unicode low surrogate must follow a high surrogate.");
                    }
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    noteEscapeProblem(SYNTAX + "Unicode low surrogate must follow a high surrogate.");
                }
            }
            default -> {
                int n = e < 0 ? Math.max(1, Utf8.sequence(d, p + 1, end)) : 1;
                throw new Rejected(SYNTAX + "Escape sequence \"\\" + new String(d, p + 1, n, StandardCharsets.UTF_8) + "\" is invalid.");
            }
        }
    }

    /** An escape the json operators cannot unescape: fatal when extracting, remembered otherwise. */
    private void noteEscapeProblem(String problem) throws Rejected {
        if (extracts) {
            throw new Rejected(problem);
        }
        if (escapeProblem == null) {
            escapeProblem = problem;
        }
    }

    private int hex4(int at) throws Rejected {
        if (at + 4 > end) {
            throw new Rejected(SYNTAX + "\"\\u\" must be followed by four hexadecimal digits.");
        }
        int v = 0;
        for (int i = at; i < at + 4; i++) {
            int h = Character.digit(d[i], 16);
            if (h < 0 || d[i] < 0) {
                throw new Rejected(SYNTAX + "\"\\u\" must be followed by four hexadecimal digits.");
            }
            v = (v << 4) | h;
        }
        return v;
    }

    /** Unescapes the already-checked string body {@code d[from, to)} into {@link #key}; returns its length. */
    private int unescape(int from, int to) {
        if (key.length < to - from) {
            key = new byte[Math.max(to - from, key.length * 2)];
        }
        return unescape(from, to, key);
    }

    private void unescapeInto(int slot, int from, int to) {
        byte[] dst = slots.own(slot, to - from);
        slots.setOwn(slot, unescape(from, to, dst));
    }

    /** Unescaping never makes a string longer: every escape is at least as long as its UTF-8. */
    private int unescape(int from, int to, byte[] dst) {
        int n = 0;
        int i = from;
        while (i < to) {
            byte b = d[i];
            if (b != '\\') {
                dst[n++] = b;
                i++;
                continue;
            }
            byte e = d[i + 1];
            i += 2;
            switch (e) {
                case 'b' -> dst[n++] = '\b';
                case 'f' -> dst[n++] = '\f';
                case 'n' -> dst[n++] = '\n';
                case 'r' -> dst[n++] = '\r';
                case 't' -> dst[n++] = '\t';
                case 'u' -> {
                    int cp = hexUnchecked(i);
                    i += 4;
                    if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= to && d[i] == '\\' && d[i + 1] == 'u') {
                        int low = hexUnchecked(i + 2);
                        if (low >= 0xDC00 && low <= 0xDFFF) {
                            cp = Character.toCodePoint((char) cp, (char) low);
                            i += 6;
                        }
                    }
                    n = Utf8.put(dst, n, cp);
                }
                default -> dst[n++] = e;
            }
        }
        return n;
    }

    private int hexUnchecked(int at) {
        int v = 0;
        for (int i = at; i < at + 4; i++) {
            v = (v << 4) | Character.digit(d[i], 16);
        }
        return v;
    }
}
