package io.gpwarden.agent.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonExtractorTest {
    private final JsonExtractor extractor = new JsonExtractor(List.of(
            new JsonPath(List.of("id"), true),
            new JsonPath(List.of("a", "b"), true),
            new JsonPath(List.of("a"), false),
            new JsonPath(List.of("s"), false),
            new JsonPath(List.of("n"), true)), List.of(0, 1, 2, 3, 4));
    private final Slots slots = new Slots(5);

    private String run(String json) {
        return extractor.extract(json.getBytes(StandardCharsets.UTF_8), slots);
    }

    @Test
    void readsLikePostgresJsonOperators() {
        assertThat(run("{\"id\": 42, \"a\": {\"b\" : [1, 2], \"c\": \"x\"}, \"s\": \"h\\u00e9\\\"\", \"n\": null, \"z\": {\"q\":1}}")).isNull();
        assertThat(slots.toString(0)).isEqualTo("42");
        assertThat(slots.toString(1)).isEqualTo("[1, 2]");
        assertThat(slots.toString(2)).isEqualTo("{\"b\" : [1, 2], \"c\": \"x\"}");
        assertThat(slots.toString(3)).isEqualTo("\"h\\u00e9\\\"\"");
        assertThat(slots.toString(4)).isNull();
    }

    @Test
    void lastDuplicateKeyWinsAndResetsNestedValues() {
        assertThat(run("{\"a\": {\"b\": \"first\"}, \"a\": 5, \"id\": \"x\", \"id\": \"y\"}")).isNull();
        assertThat(slots.toString(0)).isEqualTo("y");
        assertThat(slots.toString(1)).isNull();
        assertThat(slots.toString(2)).isEqualTo("5");
    }

    @Test
    void absentFieldsAndNonObjectsAreNull() {
        assertThat(run("[1,2]")).isNull();
        assertThat(slots.toString(0)).isNull();
        assertThat(run("{\"id\": \"é😀\"}")).isNull();
        assertThat(slots.toString(0)).isEqualTo("é😀");
        assertThat(slots.toString(3)).isNull();
    }

    @Test
    void rejectsWhatPostgresRejects() {
        assertThat(run("{\"id\": 1")).startsWith("invalid input syntax for type json");
        assertThat(run("{\"id\": 1} 2")).contains("more data after the JSON value");
        assertThat(run("{\"other\": \"a\\u0000b\"}")).contains("\\u0000 cannot be converted to text");
        assertThat(run("{\"other\": \"a\\\\u0000b\"}")).isNull();
        assertThat(extractor.extract(new byte[] {'{', '"', 'i', 'd', '"', ':', '"', 0, '"', '}'}, slots)).startsWith("invalid input syntax");
        assertThat(run("")).contains("empty");
        assertThat(run("{'id': 1}")).startsWith("invalid input syntax");
    }

    @Test
    void escapesAreUnescapedForTextAndKeptForJson() {
        assertThat(run("{\"\\u0069d\": \"a\\nb\\u00e9\\ud83d\\ude00\\/\\\\\", \"s\": \"x\\ty\"}")).isNull();
        assertThat(slots.toString(0)).isEqualTo("a\nbé\ud83d\ude00/\\");
        assertThat(slots.toString(3)).isEqualTo("\"x\\ty\"");
    }

    @Test
    void theOperatorsUnescapeEveryStringSoBadEscapesAnywhereFailWhenExtracting() {
        assertThat(run("{\"id\": 1, \"other\": \"\\ud800\"}")).isEqualTo(
                "invalid input syntax for type json: Unicode low surrogate must follow a high surrogate.");
        assertThat(run("{\"id\": 1, \"\\u0000\": 2}")).contains("\\u0000 cannot be converted to text");
        assertThat(run("{\"id\": \"\\udc00\"}")).contains("low surrogate");
        JsonExtractor whole = new JsonExtractor(java.util.List.of(), java.util.List.of());
        assertThat(whole.extract("{\"a\": \"\\u0000\", \"b\": \"\\ud800\"}".getBytes(StandardCharsets.UTF_8), slots))
                .as("json input itself accepts both").isNull();
        assertThat(whole.escapeProblem()).contains("\\u0000");
        assertThat(whole.extract("{\"a\": \"\\u00e9\"}".getBytes(StandardCharsets.UTF_8), slots)).isNull();
        assertThat(whole.escapeProblem()).isNull();
    }

    @Test
    void acceptsExactlyThePostgresJsonGrammar() {
        for (String ok : new String[] {" {\"id\":1} ", "1e5", "-0", "1E+2", "0.5", "[]", "{}", "\"\"", "null", "[true,false,null]",
            "{\"a\":[{\"b\":[]}]}", "\r\n\t{}"}) {
            assertThat(run(ok)).as(ok).isNull();
        }
        for (String bad : new String[] {"[01]", "1.", "-", "truex", "{\"a\":1,}", "\"a\tb\"", "[1,]", "{\"a\" 1}", "{1:2}", ".5",
            "+1", "1e", "[1 2]", "\"\\x\"", "\"\\u12\"", "nul", "{\"a\":1}}", "\f{}", "'a'", "\"abc", "1.5e+"}) {
            assertThat(run(bad)).as(bad).startsWith("invalid input syntax for type json");
        }
        assertThat(extractor.extract(new byte[] {'"', (byte) 0xC3, '"'}, slots)).isEqualTo("invalid byte sequence for encoding \"UTF8\": 0xc3");
        assertThat(extractor.extract(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, slots)).startsWith("invalid byte sequence");
        assertThat(extractor.extract(new byte[] {'[', (byte) 0xC3, (byte) 0xA9, ']'}, slots)).startsWith("invalid input syntax for type json");
        assertThat(run("[".repeat(1000) + "]".repeat(1000))).isNull();
        assertThat(run("[".repeat(1001) + "]".repeat(1001))).contains("nesting depth");
    }
}
