package io.gpwarden.alerts.template;

import io.gpwarden.alerts.EventKind;
import io.gpwarden.alerts.Notification;
import io.gpwarden.alerts.Transition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Subjects and bodies of notifications, from {@code alerts/templates/<kind>.txt} with
 * {@code default.txt} as the fallback. A file is made of sections:
 * <pre>
 * [subject]            used for every transition unless a more specific section exists
 * [body]
 * [resolved.subject]   only for RESOLVED (also opened., escalated., deescalated., notice.)
 * [resolved.body]
 * </pre>
 * Lines before the first section and lines starting with {@code #!} are comments. Lookup for a
 * part: the kind's {@code <transition>.<part>}, the kind's {@code <part>}, then the same two
 * in {@code default.txt}. Everything is parsed and checked when loaded. Immutable.
 */
public final class MessageTemplates {

    /** The rendered text of one notification. */
    public record Message(String subject, String body) {
    }

    private static final String RESOURCE_DIR = "io/gpwarden/alerts/templates/";

    private final Map<String, Map<String, Template>> byFile;

    private MessageTemplates(Map<String, Map<String, Template>> byFile) {
        this.byFile = byFile;
        if (!byFile.containsKey("default") || lookup("default", Transition.OPENED, "subject").isEmpty()
                || lookup("default", Transition.OPENED, "body").isEmpty()) {
            throw new IllegalArgumentException("templates: default.txt with [subject] and [body] is required");
        }
    }

    /** The templates packaged in the jar (a copy of alerts/templates/). */
    public static MessageTemplates builtIn() {
        Map<String, Map<String, Template>> files = new HashMap<>();
        for (String name : fileNames()) {
            try (InputStream in = MessageTemplates.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name + ".txt")) {
                if (in != null) {
                    files.put(name, parseFile(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                            "alerts/templates/" + name + ".txt"));
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read built-in template " + name + ": " + e.getMessage(), e);
            }
        }
        return new MessageTemplates(files);
    }

    /**
     * Templates from a directory (an operator's edited copy of alerts/templates/); a kind
     * without a file there uses that directory's default.txt.
     */
    public static MessageTemplates fromDirectory(Path dir) {
        Map<String, Map<String, Template>> files = new HashMap<>();
        for (String name : fileNames()) {
            Path file = dir.resolve(name + ".txt");
            if (Files.isRegularFile(file)) {
                try {
                    files.put(name, parseFile(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read template " + file + ": " + e.getMessage(), e);
                }
            }
        }
        if (!files.containsKey("default")) {
            throw new IllegalArgumentException("template directory " + dir + " has no default.txt");
        }
        return new MessageTemplates(files);
    }

    public Message render(Notification notification, String clusterName) {
        Map<String, String> values = TemplateValues.of(notification, clusterName);
        String kind = notification.incident().kind().slug();
        Template subject = find(kind, notification.transition(), "subject");
        Template body = find(kind, notification.transition(), "body");
        String subjectText = subject.render(values).replaceAll("[\\r\\n\\t]+", " ").strip();
        if (subjectText.length() > 200) {
            subjectText = subjectText.substring(0, 197) + "...";
        }
        return new Message(subjectText, body.render(values).strip() + "\n");
    }

    private Template find(String kind, Transition transition, String part) {
        return lookup(kind, transition, part).or(() -> lookup("default", transition, part)).orElseThrow();
    }

    private Optional<Template> lookup(String file, Transition transition, String part) {
        Map<String, Template> sections = byFile.get(file);
        if (sections == null) {
            return Optional.empty();
        }
        String specific = transition.name().toLowerCase(Locale.ROOT) + "." + part;
        return Optional.ofNullable(sections.getOrDefault(specific, sections.get(part)));
    }

    private static java.util.List<String> fileNames() {
        java.util.List<String> names = new java.util.ArrayList<>();
        names.add("default");
        for (EventKind kind : EventKind.values()) {
            names.add(kind.slug());
        }
        return names;
    }

    static Map<String, Template> parseFile(String text, String origin) {
        Map<String, Template> sections = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        String current = null;
        int startLine = 0;
        StringBuilder buffer = new StringBuilder();
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i].replaceFirst("\r$", "") : null;
            boolean header = line != null && line.matches("\\[[a-z.]+]\\s*");
            if (line == null || header) {
                if (current != null) {
                    if (sections.containsKey(current)) {
                        throw new IllegalArgumentException(origin + ":" + startLine + ": section [" + current
                                + "] appears twice");
                    }
                    sections.put(current, Template.parse(buffer.toString(), origin, startLine + 1,
                            TemplateValues.NAMES));
                }
                if (line == null) {
                    break;
                }
                current = line.strip().substring(1, line.strip().length() - 1);
                if (!current.matches("((opened|escalated|deescalated|resolved|notice)\\.)?(subject|body)")) {
                    throw new IllegalArgumentException(origin + ":" + (i + 1) + ": unknown section [" + current
                            + "]; use [subject], [body] or [<transition>.subject|body] with a transition of"
                            + " opened, escalated, deescalated, resolved, notice");
                }
                startLine = i + 1;
                buffer.setLength(0);
            } else if (current != null && !line.startsWith("#!")) {
                buffer.append(line).append('\n');
            }
        }
        return sections;
    }
}
