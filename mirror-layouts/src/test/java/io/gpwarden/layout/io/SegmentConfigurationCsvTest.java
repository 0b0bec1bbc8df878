package io.gpwarden.layout.io;

import io.gpwarden.layout.Cluster;
import io.gpwarden.layout.GpVersion;
import io.gpwarden.layout.LayoutException;
import io.gpwarden.layout.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmentConfigurationCsvTest {

    @Test
    void readsAGp6ExportWithQuotingAndWindowsLineEnds() {
        String csv = "dbid,content,role,preferred_role,mode,status,port,hostname,address,datadir\r\n"
                + "1,-1,p,p,n,u,5432,cdw,cdw,/data/coordinator/gpseg-1\r\n"
                + "2,0,p,p,s,u,6000,sdw1,sdw1,\"/data/primary/gpseg0\"\r\n"
                + "3,0,m,m,s,u,7000,sdw2,sdw2,/data/mirror/gpseg0\r\n\r\n";
        Cluster c = SegmentConfigurationCsv.read("f.csv", csv, GpVersion.GP6);
        assertThat(c.contentCount()).isEqualTo(1);
        assertThat(c.mirror(0).hostname()).isEqualTo("sdw2");
        assertThat(c.primary(0).datadir()).isEqualTo("/data/primary/gpseg0");
        assertThat(c.segmentHosts()).containsExactly("sdw1", "sdw2");
    }

    @Test
    void columnsMayComeInAnyOrder() {
        String csv = """
                hostname,dbid,content,role,preferred_role,mode,status,port,address,datadir
                cdw,1,-1,p,p,n,u,5432,cdw,/c/gpseg-1
                sdw1,2,0,p,p,n,u,6000,sdw1,/p/gpseg0
                """;
        assertThat(SegmentConfigurationCsv.read("f.csv", csv, GpVersion.GP7).primary(0).port()).isEqualTo(6000);
    }

    @Test
    void readsAGp5ExportJoinedWithPgFilespaceEntry() {
        // select c.*, e.fsefsoid, e.fselocation from gp_segment_configuration c join pg_filespace_entry e on e.fsedbid = c.dbid
        String csv = """
                dbid,content,role,preferred_role,mode,status,port,hostname,address,replication_port,fsefsoid,fselocation
                1,-1,p,p,s,u,5432,mdw,mdw,,3052,/data/master/gpseg-1
                2,0,p,p,s,u,40000,sdw1,sdw1,41000,3052,/data/primary/gpseg0
                2,0,p,p,s,u,40000,sdw1,sdw1,41000,16385,/fast/primary/gpseg0
                3,0,m,m,s,u,50000,sdw2,sdw2,51000,3052,/data/mirror/gpseg0
                """;
        Cluster c = SegmentConfigurationCsv.read("gp5.csv", csv, GpVersion.GP5);
        assertThat(c.primary(0).datadir()).isEqualTo("/data/primary/gpseg0");
        assertThat(c.primary(0).replicationPort()).isEqualTo(41000);
        assertThat(c.coordinator().orElseThrow().replicationPort()).isNull();
        assertThat(c.mirror(0).role()).isEqualTo(Role.MIRROR);
    }

    @Test
    void reportsEveryBadValueWithLineAndColumn() {
        String csv = """
                dbid,content,role,preferred_role,mode,status,port,hostname,address,datadir
                1,-1,p,p,n,u,5432,cdw,cdw,/data/coordinator/gpseg-1
                2,0,x,p,z,u,6000,sdw1,sdw1,data/primary/gpseg0
                3,1,p,p,n,u,99999,,sdw2,/data/primary/gpseg1
                """;
        assertThatThrownBy(() -> SegmentConfigurationCsv.read("f.csv", csv, GpVersion.GP6))
                .isInstanceOf(LayoutException.class)
                .hasMessageContaining("f.csv line 3, column role: 'x' (expected p or m)")
                .hasMessageContaining("f.csv line 3, column mode: 'z' (expected one of s, n)")
                .hasMessageContaining("f.csv line 3, column datadir: 'data/primary/gpseg0' is not an absolute path")
                .hasMessageContaining("f.csv line 4, column port: 99999 is not a TCP port")
                .hasMessageContaining("f.csv line 4, column hostname: empty");
    }

    @Test
    void namesMissingAndUnknownColumnsAndTheExportThatWorks() {
        String csv = "dbid,content,role,preferred_role,mode,status,port,hostname,datadir,extra\n";
        assertThatThrownBy(() -> SegmentConfigurationCsv.read("f.csv", csv, GpVersion.GP6))
                .hasMessageContaining("f.csv line 1: unknown column extra; missing column address")
                .hasMessageContaining("\\copy (select * from gp_segment_configuration) to 'f.csv' csv header");
    }

    @Test
    void gp5ModesAreGp5Modes() {
        String csv = """
                dbid,content,role,preferred_role,mode,status,port,hostname,address,replication_port
                1,-1,p,p,s,u,5432,mdw,mdw,
                2,0,p,p,c,u,40000,sdw1,sdw1,41000
                3,0,m,m,n,d,50000,sdw2,sdw2,51000
                """;
        assertThatThrownBy(() -> SegmentConfigurationCsv.read("gp5.csv", csv, GpVersion.GP5))
                .hasMessageContaining("gp5.csv line 4, column mode: 'n' (expected one of s, c, r)");
    }

    @Test
    void fieldCountMismatchesAndUnclosedQuotesAreNamed() {
        String csv = """
                dbid,content,role,preferred_role,mode,status,port,hostname,address,datadir
                1,-1,p,p,n,u,5432,cdw
                """;
        assertThatThrownBy(() -> SegmentConfigurationCsv.read("f.csv", csv, GpVersion.GP6))
                .hasMessageContaining("f.csv line 2: 8 fields, the header has 10");
        assertThatThrownBy(() -> SegmentConfigurationCsv.read("f.csv", "dbid,\"content\n", GpVersion.GP6))
                .hasMessageContaining("line 1: a quoted field is not closed");
    }
}
