package io.gpwarden.alerts.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.alerts.EventKind;
import io.gpwarden.alerts.Severity;
import io.gpwarden.alerts.Transition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snmp4j.smi.OID;

/**
 * GPWARDEN-MIB passes two real MIB compilers (net-snmp's snmptranslate and libsmi's smilint)
 * and agrees with the OIDs and enumerations the Java code sends.
 */
class GpwardenMibIT {

    private static final Path MIB = Path.of("mib", "GPWARDEN-MIB.txt");

    /** Where Debian packages put the IETF base modules: erlang-snmp, snmp-mibs-downloader. */
    private static final List<String> BASE_DIRS = List.of("/usr/share/snmp/mibs/ietf", "/var/lib/mibs/ietf",
            "/usr/share/snmp/mibs", "/usr/share/mibs/ietf");

    @TempDir
    static Path mibDir;

    @BeforeAll
    static void collectModules() throws IOException {
        List<Path> candidates = new ArrayList<>();
        for (String dir : BASE_DIRS) {
            candidates.add(Path.of(dir));
        }
        Path erlang = Path.of("/usr/lib/erlang/lib");
        if (Files.isDirectory(erlang)) {
            try (Stream<Path> libs = Files.list(erlang)) {
                libs.filter(p -> p.getFileName().toString().startsWith("snmp-")).map(p -> p.resolve("mibs"))
                        .forEach(candidates::add);
            }
        }
        for (String module : List.of("SNMPv2-SMI", "SNMPv2-TC", "SNMPv2-CONF")) {
            Path found = find(candidates, module);
            assertThat(found).as("IETF module %s not found in %s; install Debian's erlang-snmp"
                    + " (test-cluster/install-deps.sh does)", module, candidates).isNotNull();
            Files.copy(found, mibDir.resolve(module + ".txt"));
        }
        Files.copy(MIB, mibDir.resolve("GPWARDEN-MIB.txt"));
    }

    private static Path find(List<Path> dirs, String module) throws IOException {
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String name = file.getFileName().toString();
                    if (name.equals(module) || name.startsWith(module + ".")) {
                        String head = Files.readString(file, StandardCharsets.ISO_8859_1);
                        if (head.contains(module + " DEFINITIONS")) {
                            return file;
                        }
                    }
                }
            }
        }
        return null;
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Path out = Files.createTempFile(mibDir, "out", ".txt");
        Path err = Files.createTempFile(mibDir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
        return new Run(p.exitValue(), Files.readString(out).strip(), Files.readString(err).strip());
    }

    private static String translate(String name) throws Exception {
        Run r = run(Map.of("MIBDIRS", mibDir.toString()), "snmptranslate", "-M", mibDir.toString(),
                "-m", "GPWARDEN-MIB", "-On", "GPWARDEN-MIB::" + name);
        assertThat(r.err()).as("snmptranslate diagnostics for %s", name).isEmpty();
        assertThat(r.exit()).isZero();
        return r.out();
    }

    @Test
    void netSnmpParsesItAndItsOidsMatchWhatWeSend() throws Exception {
        assertThat(translate("gpwardenIncidentOpened")).isEqualTo("." + GpwardenMib.INCIDENT_OPENED);
        assertThat(translate("gpwardenIncidentChanged")).isEqualTo("." + GpwardenMib.INCIDENT_CHANGED);
        assertThat(translate("gpwardenIncidentResolved")).isEqualTo("." + GpwardenMib.INCIDENT_RESOLVED);
        assertThat(translate("gpwardenNotice")).isEqualTo("." + GpwardenMib.NOTICE);
        Map<String, OID> objects = new LinkedHashMap<>();
        objects.put("gpwardenIncidentId", GpwardenMib.INCIDENT_ID);
        objects.put("gpwardenIncidentKey", GpwardenMib.INCIDENT_KEY);
        objects.put("gpwardenEventKind", GpwardenMib.EVENT_KIND);
        objects.put("gpwardenSeverity", GpwardenMib.SEVERITY);
        objects.put("gpwardenTransition", GpwardenMib.TRANSITION);
        objects.put("gpwardenClusterName", GpwardenMib.CLUSTER_NAME);
        objects.put("gpwardenHost", GpwardenMib.HOST);
        objects.put("gpwardenDbid", GpwardenMib.DBID);
        objects.put("gpwardenContentId", GpwardenMib.CONTENT_ID);
        objects.put("gpwardenPort", GpwardenMib.PORT);
        objects.put("gpwardenSummary", GpwardenMib.SUMMARY);
        objects.put("gpwardenDetail", GpwardenMib.DETAIL);
        objects.put("gpwardenActionTaken", GpwardenMib.ACTION_TAKEN);
        objects.put("gpwardenNextStep", GpwardenMib.NEXT_STEP);
        objects.put("gpwardenOpenedAt", GpwardenMib.OPENED_AT);
        objects.put("gpwardenSequence", GpwardenMib.SEQUENCE);
        for (Map.Entry<String, OID> e : objects.entrySet()) {
            assertThat(translate(e.getKey() + ".0")).as(e.getKey()).isEqualTo("." + e.getValue());
        }
    }

    @Test
    void smilintReportsNothing() throws Exception {
        Run r = run(Map.of("SMIPATH", mibDir.toString()), "smilint", "-s", "-l", "6",
                mibDir.resolve("GPWARDEN-MIB.txt").toString());
        assertThat(r.out() + r.err()).as("smilint diagnostics").isEmpty();
        assertThat(r.exit()).isZero();
    }

    @Test
    void enumerationsMatchTheJavaCodes() throws IOException {
        String text = Files.readString(MIB);
        Map<String, Integer> kinds = enumeration(text, "GpwardenEventType");
        for (EventKind kind : EventKind.values()) {
            assertThat(kinds).containsEntry(camel(kind.name()), kind.code());
        }
        assertThat(kinds).hasSize(EventKind.values().length);
        Map<String, Integer> severities = enumeration(text, "GpwardenSeverityLevel");
        for (Severity s : Severity.values()) {
            assertThat(severities).containsEntry(s.name().toLowerCase(Locale.ROOT), s.code());
        }
        Map<String, Integer> transitions = enumeration(text, "GpwardenTransitionType");
        for (Transition t : Transition.values()) {
            assertThat(transitions).containsEntry(t.name().toLowerCase(Locale.ROOT), t.code());
        }
    }

    @Test
    void theMibIsPackagedInTheJar() {
        assertThat(getClass().getClassLoader().getResource("io/gpwarden/alerts/mib/GPWARDEN-MIB.txt")).isNotNull();
    }

    private static Map<String, Integer> enumeration(String mib, String tc) {
        int start = mib.indexOf(tc + " ::= TEXTUAL-CONVENTION");
        assertThat(start).as(tc).isGreaterThanOrEqualTo(0);
        int syntax = mib.indexOf("SYNTAX INTEGER", start);
        String block = mib.substring(mib.indexOf('{', syntax), mib.indexOf('}', syntax));
        Map<String, Integer> values = new LinkedHashMap<>();
        Matcher m = Pattern.compile("([a-z][A-Za-z0-9]*)\\((\\d+)\\)").matcher(block);
        while (m.find()) {
            values.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return values;
    }

    private static String camel(String constant) {
        StringBuilder out = new StringBuilder();
        for (String part : constant.toLowerCase(Locale.ROOT).split("_")) {
            out.append(out.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return out.toString();
    }
}
