package io.gpwarden.agent.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryValuesTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The value bytes of the single field written for {@code text}, or null when not converted. */
    private static byte[] field(BinaryForm form, String text, boolean utc) {
        CopyBinaryBuffer out = new CopyBinaryBuffer(ChunkPool.none(), 1);
        out.startRow();
        byte[] v = b(text);
        if (!BinaryValues.write(form, v, 0, v.length, utc, out)) {
            return null;
        }
        out.endRow();
        out.seal();
        ByteBuffer row = ByteBuffer.wrap(out.chunk(0), 0, out.chunkLength(0));
        assertThat(row.getShort()).isEqualTo((short) 1);
        byte[] value = new byte[row.getInt()];
        row.get(value);
        return value;
    }

    private static long int8(BinaryForm form, String text, boolean utc) {
        byte[] v = field(form, text, utc);
        assertThat(v).as(text).hasSize(8);
        return ByteBuffer.wrap(v).getLong();
    }

    @Test
    void integersAsPostgresReadsThem() {
        assertThat(ByteBuffer.wrap(field(BinaryForm.INT4, " -42 ", false)).getInt()).isEqualTo(-42);
        assertThat(ByteBuffer.wrap(field(BinaryForm.INT2, "+7", false)).getShort()).isEqualTo((short) 7);
        assertThat(int8(BinaryForm.INT8, "-9223372036854775808", false)).isEqualTo(Long.MIN_VALUE);
        assertThat(int8(BinaryForm.INT8, "9223372036854775807", false)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void doublesAreCorrectlyRoundedLikeStrtod() {
        Random r = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            String s = randomDecimal(r);
            // The JDK's parser is correctly rounded (as glibc's strtod): the exact fast path must agree with it.
            double expected = Double.parseDouble(s);
            byte[] v = b(s);
            assertThat(BinaryValues.isPlainDecimal(v, 0, v.length)).as(s).isTrue();
            assertThat(Double.doubleToRawLongBits(BinaryValues.parseDecimal(v, 0, v.length)))
                    .as(s).isEqualTo(Double.doubleToRawLongBits(expected));
        }
        assertThat(Double.longBitsToDouble(int8(BinaryForm.FLOAT8, "-0", false))).isEqualTo(-0.0);
        assertThat(Double.doubleToRawLongBits(Double.longBitsToDouble(int8(BinaryForm.FLOAT8, "-0.0e5", false)))).isEqualTo(Long.MIN_VALUE);
        assertThat(Double.longBitsToDouble(int8(BinaryForm.FLOAT8, "4.9e-324", false))).isEqualTo(Double.MIN_VALUE);
        assertThat(Double.longBitsToDouble(int8(BinaryForm.FLOAT8, "1.7976931348623157e308", false))).isEqualTo(Double.MAX_VALUE);
        assertThat(Double.longBitsToDouble(int8(BinaryForm.FLOAT8, ".5", false))).isEqualTo(0.5);
        assertThat(Double.longBitsToDouble(int8(BinaryForm.FLOAT8, "5.", false))).isEqualTo(5.0);
        assertThat(Double.isNaN(Double.longBitsToDouble(int8(BinaryForm.FLOAT8, "NaN", false)))).isTrue();
        assertThat(Double.longBitsToDouble(int8(BinaryForm.FLOAT8, "-Infinity", false))).isEqualTo(Double.NEGATIVE_INFINITY);
        // Spellings PostgreSQL accepts but this class leaves to the text format.
        for (String other : new String[] {" 1.5", "1.5 ", "inf", "-inf", "nan", "+Infinity", "infinity", "0x1p3", "1e", "1.5d"}) {
            assertThat(field(BinaryForm.FLOAT8, other, false)).as(other).isNull();
        }
    }

    private static String randomDecimal(Random r) {
        StringBuilder s = new StringBuilder();
        if (r.nextInt(4) == 0) {
            s.append(r.nextBoolean() ? '-' : '+');
        }
        int digits = 1 + r.nextInt(r.nextInt(5) == 0 ? 30 : 17);
        int dot = r.nextInt(digits + 2) - 1;
        for (int i = 0; i < digits; i++) {
            if (i == dot) {
                s.append('.');
            }
            s.append((char) ('0' + r.nextInt(10)));
        }
        if (r.nextInt(3) == 0) {
            s.append(r.nextBoolean() ? 'e' : 'E');
            if (r.nextBoolean()) {
                s.append(r.nextBoolean() ? '-' : '+');
            }
            s.append(r.nextInt(r.nextInt(4) == 0 ? 330 : 25));
        }
        return s.toString();
    }

    @Test
    void booleansOnlyInTheirCommonSpellings() {
        assertThat(field(BinaryForm.BOOL, "true", false)).containsExactly(1);
        assertThat(field(BinaryForm.BOOL, "f", false)).containsExactly(0);
        assertThat(field(BinaryForm.BOOL, "yes", false)).isNull();
        assertThat(field(BinaryForm.BOOL, "TRUE", false)).isNull();
    }

    private static long pgMicros(OffsetDateTime t) {
        return ChronoUnit.MICROS.between(OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), t);
    }

    @Test
    void timestampsInIsoShapesAreExact() {
        assertThat(int8(BinaryForm.TIMESTAMPTZ, "2024-01-02T03:04:05.123456Z", false))
                .isEqualTo(pgMicros(OffsetDateTime.parse("2024-01-02T03:04:05.123456Z")));
        assertThat(int8(BinaryForm.TIMESTAMPTZ, "2024-01-02 03:04:05.5+05:30", false))
                .isEqualTo(pgMicros(OffsetDateTime.parse("2024-01-02T03:04:05.5+05:30")));
        assertThat(int8(BinaryForm.TIMESTAMPTZ, "2024-02-29T23:59-0800", false))
                .isEqualTo(pgMicros(OffsetDateTime.parse("2024-02-29T23:59-08:00")));
        assertThat(int8(BinaryForm.TIMESTAMPTZ, "1969-12-31T23:59:59.999999+15", false))
                .isEqualTo(pgMicros(OffsetDateTime.parse("1969-12-31T23:59:59.999999+15:00")));
        assertThat(int8(BinaryForm.TIMESTAMPTZ, "1000-01-01T00:00:00Z", false))
                .isEqualTo(pgMicros(OffsetDateTime.parse("1000-01-01T00:00:00Z")));
        assertThat(int8(BinaryForm.TIMESTAMPTZ, "infinity", false)).isEqualTo(Long.MAX_VALUE);
        assertThat(int8(BinaryForm.TIMESTAMPTZ, "-infinity", false)).isEqualTo(Long.MIN_VALUE);
        // Without an offset: local time of the session, converted only when that is UTC.
        assertThat(field(BinaryForm.TIMESTAMPTZ, "2024-01-02 03:04:05", false)).isNull();
        assertThat(int8(BinaryForm.TIMESTAMPTZ, "2024-01-02 03:04:05", true))
                .isEqualTo(pgMicros(OffsetDateTime.parse("2024-01-02T03:04:05Z")));
        assertThat(int8(BinaryForm.TIMESTAMP, "2024-01-02T03:04:05.1", false))
                .isEqualTo(ChronoUnit.MICROS.between(LocalDateTime.of(2000, 1, 1, 0, 0), LocalDateTime.parse("2024-01-02T03:04:05.1")));
        assertThat(ByteBuffer.wrap(field(BinaryForm.DATE, "1999-12-31", false)).getInt()).isEqualTo(-1);
        assertThat(ByteBuffer.wrap(field(BinaryForm.DATE, "2400-02-29", false)).getInt())
                .isEqualTo((int) ChronoUnit.DAYS.between(LocalDate.of(2000, 1, 1), LocalDate.of(2400, 2, 29)));
        for (String other : new String[] {"2024-02-30T00:00:00Z", "2023-02-29", "2024-01-01T24:00:00Z", "2024-01-01T23:59:60Z",
            "2024-01-01T12:00:00.1234567Z", "2024-01-01T12:00:00.Z", "2024-01-01T12:00:00+16:00", "2024-01-01T12:00:00+02:30:15",
            "2024-01-01T1:00:00Z", "0999-01-01T00:00:00Z", " 2024-01-01T00:00:00Z", "2024-01-01T00:00:00 +02", "Infinity",
            "epoch", "now", "2024-01-01T00:00:00z", "2024-13-01T00:00:00Z", "2024-01-01T00:00:00+02:"}) {
            assertThat(field(BinaryForm.TIMESTAMPTZ, other, true)).as(other).isNull();
        }
        assertThat(field(BinaryForm.TIMESTAMP, "2024-01-01T00:00:00Z", true)).as("zone on a timestamp").isNull();
        assertThat(field(BinaryForm.DATE, "2024-01-01T00:00:00Z", true)).isNull();
    }

    @Test
    void everyDayOfFourCenturiesMatchesTheCalendar() {
        LocalDate d = LocalDate.of(1800, 1, 1);
        for (int i = 0; i < 146_097; i++, d = d.plusDays(1)) {
            byte[] v = b(d.toString());
            assertThat(IsoTimestamp.days(v, 0, v.length)).as(d.toString())
                    .isEqualTo(ChronoUnit.DAYS.between(LocalDate.of(2000, 1, 1), d));
        }
    }

    @Test
    void textJsonAndJsonbForms() {
        assertThat(field(BinaryForm.TEXT, "é\t", false)).isEqualTo(b("é\t"));
        assertThat(field(BinaryForm.TEXT, "", false)).isEmpty();
        assertThat(field(BinaryForm.JSONB, "{}", false)).containsExactly(1, '{', '}');
        assertThat(BinaryForm.of("character varying(20)")).contains(BinaryForm.TEXT);
        assertThat(BinaryForm.of("timestamp(3) with time zone")).isEmpty();
        assertThat(BinaryForm.of("numeric")).isEmpty();
        assertThat(BinaryForm.of("real")).isEmpty();
    }
}
