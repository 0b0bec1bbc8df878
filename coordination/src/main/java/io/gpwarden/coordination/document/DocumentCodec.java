package io.gpwarden.coordination.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Reads and writes the JSON documents stored in etcd. Every document carries {@code "v": 1}, the
 * major version of its format:
 * <ul>
 *   <li>fields a newer minor version added are ignored, so an old process reads a newer document
 *       of the same major version (rolling upgrades);</li>
 *   <li>a document whose major version is newer than this process knows is refused with a
 *       {@link DocumentException} that says so (upgrade this process), never half-read;</li>
 *   <li>keys are snake_case; times are ISO-8601 text; absent optional fields are written as null.</li>
 * </ul>
 */
public final class DocumentCodec {
    /** The major version this code writes and reads. */
    public static final int VERSION = 1;

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /** The document as JSON text, with {@code "v"} first. */
    public String write(Object document) {
        ObjectNode node = mapper.createObjectNode();
        node.put("v", VERSION);
        node.setAll((ObjectNode) mapper.valueToTree(document));
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + document.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads {@code json} found at {@code key} as a {@code type}. Throws {@link DocumentException}
     * naming the key when it is not JSON, has no version, a newer major version, or fields of the
     * wrong type.
     */
    public <T> T read(String key, String json, Class<T> type) {
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new DocumentException(key + ": not a JSON document: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new DocumentException(key + ": expected a JSON object");
        }
        JsonNode v = node.get("v");
        if (v == null || !v.canConvertToInt()) {
            throw new DocumentException(key + ": no format version (\"v\"); not written by gpwarden");
        }
        if (v.asInt() > VERSION) {
            throw new DocumentException(key + ": written in document format v" + v.asInt()
                    + " by a newer gpwarden; this one reads v" + VERSION + ": upgrade it");
        }
        if (v.asInt() < 1) {
            throw new DocumentException(key + ": invalid format version " + v.asInt());
        }
        try {
            T value = mapper.treeToValue(node, type);
            if (value == null) {
                throw new DocumentException(key + ": empty document");
            }
            return value;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new DocumentException(key + ": not a valid " + type.getSimpleName() + ": " + message);
        }
    }
}
