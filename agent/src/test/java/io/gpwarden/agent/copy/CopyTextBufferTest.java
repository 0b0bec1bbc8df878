package io.gpwarden.agent.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CopyTextBufferTest {
    @Test
    void escapesAndKeepsRowBoundaries() {
        CopyTextBuffer b = new CopyTextBuffer();
        b.startRow();
        byte[] v = "a\tb\\c\nd\re é😀".getBytes(StandardCharsets.UTF_8);
        b.writeUtf8(v, 0, v.length);
        b.writeNull();
        b.writeLong(-7);
        b.endRow();
        b.startRow();
        b.writeUtf8("x\\y".getBytes(StandardCharsets.UTF_8), 0, 3);
        b.abortRow();
        b.startRow();
        b.writeBytea(new byte[] {0, (byte) 0xff}, 0, 2);
        b.endRow();
        assertThat(b.seal()).isEqualTo(1);
        String text = new String(b.chunk(0), 0, b.chunkLength(0), StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("a\\tb\\\\c\\nd\\re é😀\t\\N\t-7\n\\\\x00ff\n");
        assertThat(b.rows()).isEqualTo(2);
        assertThat(b.rowStart(1)).isEqualTo(b.rowEnd(0));
        assertThat(b.rowEnd(1)).isEqualTo(b.chunkLength(0));
    }

    @Test
    void rowsNeverSpanChunksAndBigRowsGetTheirOwn() {
        CopyTextBuffer b = new CopyTextBuffer();
        byte[] small = "x".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        byte[] big = "y".repeat(CopyTextBuffer.CHUNK_BYTES).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 300; i++) {
            b.startRow();
            b.writeUtf8(small, 0, small.length);
            b.writeLong(Long.MIN_VALUE + i);
            b.endRow();
        }
        b.startRow();
        b.writeUtf8(big, 0, big.length);
        b.endRow();
        b.seal();
        assertThat(b.sealedChunks()).isGreaterThanOrEqualTo(3);
        long total = 0;
        for (int i = 0; i < b.sealedChunks(); i++) {
            total += b.chunkLength(i);
        }
        assertThat(total).isEqualTo(300L * (1000 + 1 + 20 + 1) + CopyTextBuffer.CHUNK_BYTES + 1);
        for (int r = 0; r < b.rows(); r++) {
            byte[] chunk = b.chunk(b.rowChunk(r));
            assertThat(chunk[b.rowEnd(r) - 1]).isEqualTo((byte) '\n');
            int start = b.rowStart(r);
            assertThat(start == 0 || chunk[start - 1] == '\n').isTrue();
            if (r < 300) {
                assertThat(new String(chunk, b.rowEnd(r) - 21, 20, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(Long.MIN_VALUE + r));
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void typeChecksRejectOnlyWhatPostgresRejects() {
        assertThat(TypeCheck.INT4.check(ascii(" 12 "), 0, 4)).isNull();
        assertThat(TypeCheck.INT4.check(ascii("2147483648"), 0, 10)).contains("out of range for type integer");
        assertThat(TypeCheck.INT8.check(ascii("-9223372036854775808"), 0, 20)).isNull();
        assertThat(TypeCheck.INT8.check(ascii("12a"), 0, 3)).isEqualTo("invalid input syntax for type bigint: \"12a\"");
        assertThat(TypeCheck.INT2.check(ascii(""), 0, 0)).startsWith("invalid input syntax");
        assertThat(TypeCheck.FLOAT8.check(ascii("1e3"), 0, 3)).isNull();
        assertThat(TypeCheck.FLOAT8.check(ascii("-Infinity"), 0, 9)).isNull();
        assertThat(TypeCheck.FLOAT8.check(ascii(".5"), 0, 2)).isNull();
        assertThat(TypeCheck.FLOAT8.check(ascii("1e400"), 0, 5)).contains("out of range");
        assertThat(TypeCheck.FLOAT8.check(ascii("abc"), 0, 3)).startsWith("invalid input syntax for type double precision");
        assertThat(TypeCheck.NUMERIC.check(ascii("NaN"), 0, 3)).isNull();
        assertThat(TypeCheck.BOOL.check(ascii(" T "), 0, 3)).isNull();
        assertThat(TypeCheck.BOOL.check(ascii("of"), 0, 2)).isNull();
        assertThat(TypeCheck.BOOL.check(ascii("o"), 0, 1)).startsWith("invalid input syntax for type boolean");
        assertThat(TypeCheck.forType("timestamp with time zone")).isEqualTo(TypeCheck.PASS);
    }
}
