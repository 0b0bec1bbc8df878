package io.gpwarden.testcluster.utility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFileTest {
    @Test
    void countsSkippedLinesInLineNumbers(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("in");
        Files.writeString(f, "# header\n\n  a|1|/x b|2|/y  \n#c\nc|3|/z d|4|/w\n");
        assertThat(InputFile.read(f)).containsExactly(new InputFile.Line(3, "a|1|/x b|2|/y"), new InputFile.Line(5, "c|3|/z d|4|/w"));
    }

    @Test
    void checksValuesWithGreenplumsMessages() {
        assertThatThrownBy(() -> InputFile.checkValues(7, "", "1", "/d")).hasMessage("Invalid address on line 7");
        assertThatThrownBy(() -> InputFile.checkValues(7, "a", "-1", "/d")).hasMessage("Invalid port on line 7");
        assertThatThrownBy(() -> InputFile.checkValues(7, "a", "x", "/d")).hasMessage("Invalid port on line 7");
        assertThatThrownBy(() -> InputFile.checkValues(7, "a", "1", "")).hasMessage("Invalid directory on line 7");
    }

    @Test
    void tablesAndLinesLookLikeGreenplums() {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        GpLog log = new GpLog("gpstate", "cdw", "gpadmin", new java.io.PrintStream(buf, true), null,
                Clock.fixed(Instant.parse("2024-01-31T10:15:02Z"), ZoneId.of("UTC")));
        new TableLog().withArrows().info("Current Primary", "Port", "Mirror", "Port")
                .info("sdw1", "50000", "sdw2", "51000").warn("sdw3", "50001", "sdw4", "51001").output(log);
        String[] lines = buf.toString().split("\n");
        assertThat(lines[0]).matches("\\d{8}:\\d\\d:\\d\\d:\\d\\d:\\d{6} gpstate:cdw:gpadmin-\\[INFO\\]:-   "
                + "Current Primary   Port    Mirror   Port");
        assertThat(lines[1]).endsWith("[INFO]:-   sdw1              50000   sdw2     51000");
        assertThat(lines[2]).contains("[WARNING]:-   sdw3              50001   sdw4     51001").endsWith("<<<<<<<<");
    }
}
