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
}
