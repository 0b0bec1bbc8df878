package io.gpwarden.alerts.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text with {@code {{name}}} placeholders, nothing more: no expressions, no loops, no
 * script engine, so a template file can never run code or read anything but the values it is
 * given. Names are checked when the template is parsed, so a typo fails at startup with its
 * file and line, not at 3 a.m. in the middle of an incident.
 */
public final class Template {

    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9]*)\\s*}}");

    private final List<Object> parts;

    private Template(List<Object> parts) {
        this.parts = parts;
    }

    /**
     * @param origin    for messages: "alerts/templates/segment-down.txt"
     * @param firstLine line number of the text's first line in that file
     * @param known     the placeholder names that exist
     */
    public static Template parse(String text, String origin, int firstLine, Set<String> known) {
        List<Object> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int last = 0;
        while (m.find()) {
            String name = m.group(1);
            if (!known.contains(name)) {
                int line = firstLine + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                throw new IllegalArgumentException(origin + ":" + line + ": unknown placeholder {{" + name
                        + "}}; known: " + new java.util.TreeSet<>(known));
            }
            parts.add(text.substring(last, m.start()));
            parts.add(new Placeholder(name));
            last = m.end();
        }
        parts.add(text.substring(last));
        String rest = PLACEHOLDER.matcher(text).replaceAll("");
        int stray = rest.indexOf("{{");
        if (stray >= 0) {
            throw new IllegalArgumentException(origin + ": malformed placeholder near '"
                    + rest.substring(stray, Math.min(rest.length(), stray + 20)) + "' (use {{name}})");
        }
        return new Template(List.copyOf(parts));
    }

    public String render(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof Placeholder p) {
                out.append(values.getOrDefault(p.name(), ""));
            } else {
                out.append((String) part);
            }
        }
        return out.toString();
    }

    private record Placeholder(String name) {
    }
}
