package io.gpwarden.agent.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpwarden.agent.job.RecordFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DelimitedFieldsTest {
    private static final List<RecordFormat.SourceColumn> COLS = List.of(
            new RecordFormat.SourceColumn("a", "text"), new RecordFormat.SourceColumn("b", "text"),
            new RecordFormat.SourceColumn("c", "text"));
    private final Slots slots = new Slots(3);

    private String split(RecordFormat f, String text) {
        return new DelimitedFields(f, 0).split(text.getBytes(StandardCharsets.UTF_8), slots);
    }

    @Test
    void csvQuotingNullsAndNewlines() {
        RecordFormat csv = new RecordFormat(RecordFormat.Kind.CSV, COLS, ',', '"', '"', "", Set.of("c"), false);
        assertThat(split(csv, "1,\"x, \"\"y\"\"\n z\",\n")).isNull();
        assertThat(slots.toString(0)).isEqualTo("1");
        assertThat(slots.toString(1)).isEqualTo("x, \"y\"\n z");
        assertThat(slots.toString(2)).isEqualTo("");
        assertThat(split(csv, ",\"\",")).isNull();
        assertThat(slots.toString(0)).isNull();
        assertThat(slots.toString(1)).isEqualTo("");
        assertThat(split(csv, "1,2,3,4")).isEqualTo("extra data after last expected column");
        assertThat(split(csv, "1,2")).isEqualTo("missing data for column \"c\"");
        assertThat(split(csv, "1,\"2,3")).isEqualTo("unterminated CSV quoted field");
    }

    @Test
    void delimitedWithEscapeAndFillMissing() {
        RecordFormat d = new RecordFormat(RecordFormat.Kind.DELIMITED, COLS, '|', RecordFormat.NONE, '\\', null, Set.of(), false);
        assertThat(split(d, "a\\|b|c|")).isNull();
        assertThat(slots.toString(0)).isEqualTo("a|b");
        assertThat(slots.toString(2)).isEqualTo("");
        RecordFormat fill = new RecordFormat(RecordFormat.Kind.CSV, COLS, ',', '"', '"', "NULL", Set.of(), true);
        assertThat(split(fill, "NULL")).isNull();
        assertThat(slots.toString(0)).isNull();
        assertThat(slots.toString(2)).isNull();
        assertThat(new DelimitedFields(fill, 0).split(new byte[] {'a', 0, ',', 'b', ',', 'c'}, slots))
                .isEqualTo("invalid byte sequence for encoding \"UTF8\": 0x00");
        assertThat(new DelimitedFields(fill, 0).split(new byte[] {'a', (byte) 0xC3, ',', 'b', ',', 'c'}, slots))
                .isEqualTo("invalid byte sequence for encoding \"UTF8\": 0xc3");
    }
}
