package io.gpwarden.agent.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A MAPPING expression, recognised when it has one of the shapes the agent evaluates itself:
 * a source column ({@code c}), a cast of one ({@code c::int}), a json path read as text or json
 * ({@code j->>'f'}, {@code j->'a'->>'b'}, {@code j->'a'}), or a cast of a path
 * ({@code (j->>'f')::bigint}, {@code CAST(j->>'f' AS bigint)}). Anything else is kept as SQL
 * text for the database to evaluate exactly as GPSS would.
 */
public sealed interface MappingExpression {

    /** {@code column} or {@code column::type}. */
    record ColumnRef(String column, Optional<String> cast) implements MappingExpression {
    }

    /** {@code column->'a'->>'b'}, optionally cast. */
    record JsonField(String column, List<String> fields, boolean asText, Optional<String> cast)
            implements MappingExpression {
    }

    /** Any other SQL expression. */
    record Sql(String text) implements MappingExpression {
    }

    /** Recognises {@code text}; never fails (unrecognised text is {@link Sql}). */
    static MappingExpression parse(String text) {
        Optional<MappingExpression> e = new Parser(text).parse();
        return e.orElseGet(() -> new Sql(text));
    }

    /** A small recursive-descent recogniser over the few shapes above. */
    final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        Optional<MappingExpression> parse() {
            try {
                MappingExpression e = castable();
                skip();
                return i == s.length() ? Optional.of(e) : Optional.empty();
            } catch (IllegalStateException e) {
                return Optional.empty();
            }
        }

        private MappingExpression castable() {
            skip();
            MappingExpression base;
            if (peekWord("cast")) {
                int save = i;
                i += 4;
                skip();
                if (peek() == '(') {
                    i++;
                    MappingExpression inner = castable();
                    skip();
                    expectWord("as");
                    String type = typeName(')');
                    expect(')');
                    base = withCast(inner, type);
                } else {
                    i = save;
                    base = path();
                }
            } else if (peek() == '(') {
                i++;
                base = castable();
                skip();
                expect(')');
            } else {
                base = path();
            }
            skip();
            while (s.startsWith("::", i)) {
                i += 2;
                base = withCast(base, typeName('\0'));
                skip();
            }
            return base;
        }

        private MappingExpression withCast(MappingExpression e, String type) {
            if (e instanceof ColumnRef c && c.cast().isEmpty()) {
                return new ColumnRef(c.column(), Optional.of(type));
            }
            if (e instanceof JsonField f && f.cast().isEmpty()) {
                return new JsonField(f.column(), f.fields(), f.asText(), Optional.of(type));
            }
            throw new IllegalStateException("double cast");
        }

        private MappingExpression path() {
            String column = identifier();
            List<String> fields = new ArrayList<>();
            boolean asText = false;
            skip();
            while (s.startsWith("->", i)) {
                if (asText) {
                    throw new IllegalStateException("->> must be last");
                }
                i += 2;
                if (peek() == '>') {
                    i++;
                    asText = true;
                }
                skip();
                fields.add(literal());
                skip();
            }
            return fields.isEmpty() ? new ColumnRef(column, Optional.empty())
                    : new JsonField(column, fields, asText, Optional.empty());
        }

        private String identifier() {
            skip();
            int start = i;
            if (i < s.length() && s.charAt(i) == '"') {
                int end = s.indexOf('"', i + 1);
                if (end < 0 || s.indexOf("\"\"", i + 1) == end) {
                    throw new IllegalStateException("quoted identifier");
                }
                i = end + 1;
                return s.substring(start + 1, end);
            }
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            if (start == i || Character.isDigit(s.charAt(start))) {
                throw new IllegalStateException("identifier");
            }
            String id = s.substring(start, i);
            if (id.equalsIgnoreCase("cast") || id.equalsIgnoreCase("null")) {
                throw new IllegalStateException("keyword");
            }
            return id.toLowerCase(Locale.ROOT);
        }

        private String literal() {
            if (peek() != '\'') {
                throw new IllegalStateException("json paths by key only");
            }
            StringBuilder b = new StringBuilder();
            i++;
            while (true) {
                if (i >= s.length()) {
                    throw new IllegalStateException("unterminated literal");
                }
                char c = s.charAt(i++);
                if (c == '\'') {
                    if (peek() == '\'') {
                        b.append('\'');
                        i++;
                    } else {
                        return b.toString();
                    }
                } else {
                    b.append(c);
                }
            }
        }

        /** A type name such as {@code bigint}, {@code double precision}, {@code numeric(10,2)}. */
        private String typeName(char stop) {
            skip();
            int start = i;
            int depth = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (depth == 0 && !(Character.isLetterOrDigit(c) || c == '_' || c == ' ' || c == ',')) {
                    break;
                }
                i++;
            }
            String t = s.substring(start, i).trim();
            if (t.isEmpty() || stop == '\0' && t.contains(",") && !t.contains("(")) {
                throw new IllegalStateException("type");
            }
            return t.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        }

        private boolean peekWord(String w) {
            return s.regionMatches(true, i, w, 0, w.length())
                    && (i + w.length() >= s.length() || !Character.isLetterOrDigit(s.charAt(i + w.length())));
        }

        private void expectWord(String w) {
            skip();
            if (!peekWord(w)) {
                throw new IllegalStateException(w);
            }
            i += w.length();
        }

        private void expect(char c) {
            skip();
            if (peek() != c) {
                throw new IllegalStateException(String.valueOf(c));
            }
            i++;
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
