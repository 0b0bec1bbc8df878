package io.gpwarden.layout.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON for machines: the report records as they are, plus {@code passed} for check reports, pretty
 * printed with a stable field order.
 */
public final class JsonReports {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReports() {
    }

    public static String render(Object report) {
        try {
            return MAPPER.writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render report as JSON", e);
        }
    }

    /** A check report with {@code passed} added. */
    public static String renderCheck(io.gpwarden.layout.check.CheckReport report) {
        ObjectNode node = MAPPER.valueToTree(report);
        node.put("passed", report.passed());
        try {
            return MAPPER.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render report as JSON", e);
        }
    }
}
