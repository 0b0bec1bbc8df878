package io.gpwarden.testcluster.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrapLogTest {

    /** What snmptrapd 5.9.3 wrote for a v2c TRAP with a two-line, tabbed string and an empty one, then an INFORM. */
    private static final String LOG = """
            NET-SNMP version 5.9.3
            GPWTRAP TRAP2, SNMP v2c, community public\t.1.3.6.1.2.1.1.3.0 = Timeticks: (902705) 2:30:27.05\t\
            .1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.4.1.32473.0.1\t.1.3.6.1.4.1.32473.1.11.0 = STRING: "line one
            line two\ttabbed"\t.1.3.6.1.4.1.32473.1.3.0 = INTEGER: 5\t.1.3.6.1.4.1.32473.1.12.0 = ""\tGPWEND
            GPWTRAP INFORM, SNMP v3, user gpwarden, context \t.1.3.6.1.2.1.1.3.0 = Timeticks: (902706) 2:30:27.06\t\
            .1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.4.1.32473.0.3\tGPWEND
            2026-11-22 04:47:25 NET-SNMP version 5.9.3 Stopped.
            Stopping snmptrapd
            """;

    @Test
    void recordsKeepTheirVarbindsInOrderAndValuesThatSpanLinesOrHoldTabs() {
        List<ReceivedNotification> got = TrapLog.parse(LOG);
        assertThat(got).hasSize(2);
        ReceivedNotification trap = got.get(0);
        assertThat(trap.security()).isEqualTo("TRAP2, SNMP v2c, community public");
        assertThat(trap.pdu()).isEqualTo("TRAP2");
        assertThat(trap.varbinds().keySet()).containsExactly(ReceivedNotification.SYS_UP_TIME,
                ReceivedNotification.SNMP_TRAP_OID, ".1.3.6.1.4.1.32473.1.11.0", ".1.3.6.1.4.1.32473.1.3.0",
                ".1.3.6.1.4.1.32473.1.12.0");
        assertThat(trap.value(ReceivedNotification.SNMP_TRAP_OID)).isEqualTo("OID: .1.3.6.1.4.1.32473.0.1");
        assertThat(trap.trapOid()).isEqualTo(".1.3.6.1.4.1.32473.0.1");
        assertThat(trap.value("1.3.6.1.4.1.32473.1.11.0")).isEqualTo("STRING: \"line one\nline two\ttabbed\"");
        assertThat(trap.text(".1.3.6.1.4.1.32473.1.11.0")).isEqualTo("line one\nline two\ttabbed");
        assertThat(trap.text(".1.3.6.1.4.1.32473.1.3.0")).isEqualTo("5");
        assertThat(trap.value(".1.3.6.1.4.1.32473.1.12.0")).isEqualTo("\"\"");
        assertThat(trap.text(".1.3.6.1.4.1.32473.1.12.0")).isEmpty();
        assertThat(trap.text(".1.3.6.1.4.1.32473.1.99.0")).isNull();
        assertThat(trap.mentions("line two")).isTrue();
        ReceivedNotification inform = got.get(1);
        assertThat(inform.security()).isEqualTo("INFORM, SNMP v3, user gpwarden, context ");
        assertThat(inform.pdu()).isEqualTo("INFORM");
        assertThat(inform.trapOid()).isEqualTo(".1.3.6.1.4.1.32473.0.3");
    }

    @Test
    void aRecordStillBeingWrittenIsLeftForTheNextRead() {
        String complete = "GPWTRAP TRAP2, SNMP v2c, community public\t.1.3.6.1.2.1.1.3.0 = Timeticks: (1) 0:00:00.01\tGPWEND\n";
        String partial = "GPWTRAP TRAP2, SNMP v2c, community public\t.1.3.6.1.2.1.1.3.0 = Timet";
        assertThat(TrapLog.parse(complete + partial)).hasSize(1);
        assertThat(TrapLog.parse("NET-SNMP version 5.9.3\n")).isEmpty();
    }
}
