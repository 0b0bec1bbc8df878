package io.gpwarden.testcluster.process;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The class path child JVMs are started with.
 *
 * <p>{@link #ofThisJvm} expands manifest {@code Class-Path} entries, because both the launcher's
 * {@code java -jar gpwarden.jar} and the test runners' manifest-only jars hide the real entries
 * behind one jar. {@link #copyOf} copies just the jars and class folders that hold the given
 * classes into a folder, for child JVMs that run as another account which cannot read the
 * build's own files (for example a root user's {@code ~/.m2}).
 */
public record ClassPath(List<Path> entries) {

    public ClassPath {
        entries = List.copyOf(entries);
    }

    /** The class path of the running JVM, with manifest Class-Path entries expanded. */
    public static ClassPath ofThisJvm() {
        Set<Path> out = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                expand(Path.of(e).toAbsolutePath().normalize(), out);
            }
        }
        return new ClassPath(new ArrayList<>(out));
    }

    private static void expand(Path entry, Set<Path> out) {
        if (!out.add(entry) || !Files.isRegularFile(entry) || !entry.toString().endsWith(".jar")) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest m = jar.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (cp == null) {
                return;
            }
            for (String ref : cp.trim().split("\\s+")) {
                if (ref.isEmpty()) {
                    continue;
                }
                Path p;
                if (ref.startsWith("file:")) {
                    p = Path.of(new java.net.URI(ref));
                } else {
                    p = entry.getParent().resolve(java.net.URLDecoder.decode(ref, java.nio.charset.StandardCharsets.UTF_8));
                }
                expand(p.toAbsolutePath().normalize(), out);
            }
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            // an unreadable manifest leaves the jar itself on the path, which is what java does
        }
    }

    /** The jar or class folder {@code type} was loaded from. */
    public static Path locationOf(Class<?> type) {
        URL url = type.getProtectionDomain().getCodeSource().getLocation();
        try {
            return Path.of(url.toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + type.getName() + " at " + url, e);
        }
    }

    /**
     * Copies the jars and class folders holding {@code types} into {@code dir} (replacing what was
     * there) and returns the resulting class path. Class folders are copied as folders.
     */
    public static ClassPath copyOf(Path dir, List<Class<?>> types) throws IOException {
        Files.createDirectories(dir);
        Set<Path> sources = new LinkedHashSet<>();
        for (Class<?> t : types) {
            sources.add(locationOf(t));
        }
        List<Path> out = new ArrayList<>();
        int folder = 0;
        for (Path src : sources) {
            Path target = Files.isDirectory(src) ? dir.resolve("classes-" + folder++) : dir.resolve(src.getFileName());
            if (Files.isDirectory(src)) {
                copyTree(src, target);
            } else {
                Files.copy(src, target, StandardCopyOption.REPLACE_EXISTING);
            }
            out.add(target);
        }
        return new ClassPath(out);
    }

    private static void copyTree(Path src, Path target) throws IOException {
        if (Files.exists(target)) {
            try (Stream<Path> s = Files.walk(target)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path t = target.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The entries joined with the platform separator, for {@code -cp}. */
    public String asArgument() {
        return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
    }

    /** The path to this JVM's {@code java} executable. */
    public static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
