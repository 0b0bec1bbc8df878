package io.gpwarden.controller.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DfCommandTest {

    @Test
    void oneLoopForAllDirectoriesEachSingleQuoted() {
        String cmd = DfCommand.forDirectories(List.of("/data/primary/gpseg0", "/data/it's here"));
        assertThat(cmd).isEqualTo("LC_ALL=C; export LC_ALL; i=0; for d in '/data/primary/gpseg0' '/data/it'\\''s here';"
                + " do printf 'gpwarden-df %s\\n' \"$i\"; df -Pk \"$d\" 2>&1; i=$((i+1)); done");
        assertThat(ScriptedHostShell.quotedWords(cmd)).containsExactly("/data/primary/gpseg0", "/data/it's here");
    }

    @Test
    void aDirectoryWithALineBreakIsRefused() {
        assertThatThrownBy(() -> DfCommand.forDirectories(List.of("/data/a\nb")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line break");
    }

    @Test
    void parsesEachDirectoryAfterItsMarkerAndKeepsErrorsApart() {
        String out = """
                gpwarden-df 0
                Filesystem     1024-blocks      Used Available Capacity Mounted on
                /dev/sdb1        976762584 390705033 586057551      41% /data
                gpwarden-df 1
                df: /data/mirror/gpseg9: No such file or directory
                gpwarden-df 2
                Filesystem           1024-blocks      Used Available Capacity Mounted on
                map auto home with spaces  1000 -  -  - /home/x y
                """;
        DfCommand.Parsed p = DfCommand.parse(List.of("/data/primary/gpseg0", "/data/mirror/gpseg9", "/home/x y/d"), out);
        assertThat(p.fileSystems()).containsOnlyKeys("/data/primary/gpseg0", "/home/x y/d");
        assertThat(p.fileSystems().get("/data/primary/gpseg0"))
                .isEqualTo(new DfCommand.FileSystem("/dev/sdb1", 976762584, 586057551, "/data"));
        assertThat(p.fileSystems().get("/home/x y/d"))
                .isEqualTo(new DfCommand.FileSystem("map auto home with spaces", 1000, -1, "/home/x y"));
        assertThat(p.errors()).containsExactly(
                java.util.Map.entry("/data/mirror/gpseg9", "df: /data/mirror/gpseg9: No such file or directory"));
    }

    @Test
    void outputWithoutMarkersGivesNothingAndSaysSo() {
        DfCommand.Parsed p = DfCommand.parse(List.of("/d0"), "sh: 1: df: not found\n");
        assertThat(p.fileSystems()).isEmpty();
        assertThat(p.errors()).containsEntry("/d0", "df printed nothing for it");
    }
}
