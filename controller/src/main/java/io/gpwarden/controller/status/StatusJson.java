package io.gpwarden.controller.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * JSON for the status page, {@code gpwarden status --json} and the state file. Unknown fields are
 * ignored when reading, so a newer controller's page stays readable by an older command.
 */
public final class StatusJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private StatusJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write status as JSON", e);
        }
    }

    public static ClusterStatus read(String json) {
        try {
            return MAPPER.readValue(json, ClusterStatus.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a gpwarden status document: " + e.getOriginalMessage(), e);
        }
    }
}
