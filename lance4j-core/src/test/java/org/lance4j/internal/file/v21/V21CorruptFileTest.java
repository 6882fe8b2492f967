package org.lance4j.internal.file.v21;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.lance4j.CorruptFileException;
import org.lance4j.internal.file.LanceFileReader;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.proto.File2Protos;
import org.lance4j.testing.AllocatorTestBase;

/**
 * Damaged 2.1 files (bytes of real fixtures changed in place): every one fails with a
 * CorruptFileException naming the file, column and page, never a wrong value or another
 * exception.
 */
class V21CorruptFileTest extends AllocatorTestBase {
  /** A copy of a fixture's data file as bytes. */
  static byte[] fixtureBytes(String dataset) throws Exception {
    Path data = V21ScalarsTest.fixture(dataset).resolve("data");
    try (Stream<Path> s = Files.list(data)) {
      return Files.readAllBytes(s.findFirst().orElseThrow());
    }
  }

  /** Absolute offset of buffer {@code b} of page 0 of column {@code c}. */
  static long bufferOffset(byte[] file, int c, int b) throws Exception {
    ByteBuffer bb = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int footer = file.length - 40;
    long cmo = bb.getLong(footer + 8);
    long pos = bb.getLong((int) cmo + 16 * c);
    long len = bb.getLong((int) cmo + 16 * c + 8);
    File2Protos.ColumnMetadata cm = File2Protos.ColumnMetadata.parseFrom(
        ByteBuffer.wrap(file, (int) pos, (int) len));
    return cm.getPages(0).getBufferOffsets(b);
  }

  private void assertCorrupt(byte[] bytes, String column, String... messageParts)
      throws Exception {
    Files.write(dir.resolve("bad.lance"), bytes);
    try (LanceFileReader r = LanceFileReader.open(new LocalObjectStore(dir), "bad.lance", 0)) {
      var t = assertThatThrownBy(() -> r.read(r.schema().field(column), null, 0, r.numRows(),
          allocator).close())
          .isInstanceOf(CorruptFileException.class).hasMessageContaining("bad.lance")
          .hasMessageContaining("page 0");
      for (String part : messageParts) {
        t.hasMessageContaining(part);
      }
    }
  }

  /**
   * As {@link #assertCorrupt}, through a take of rows 0 and 1 (the point reads of one row's value
   * and level where they lie in its chunk): the same typed error naming file, column and page.
   */
  private void assertCorruptTake(byte[] bytes, String column, String... messageParts)
      throws Exception {
    Files.write(dir.resolve("bad-take.lance"), bytes);
    try (LanceFileReader r = LanceFileReader.open(new LocalObjectStore(dir), "bad-take.lance",
        0)) {
      var t = assertThatThrownBy(() -> r.readRows(r.schema().field(column), null,
          new long[] {0, 1}, 2, allocator).close())
          .isInstanceOf(CorruptFileException.class).hasMessageContaining("bad-take.lance")
          .hasMessageContaining("page 0");
      for (String part : messageParts) {
        t.hasMessageContaining(part);
      }
    }
  }

  @Test
  void aTakeOfCorruptChunksRaisesTheSameTypedErrors() throws Exception {
    byte[] f = fixtureBytes("scalars_21");
    long chunk = bufferOffset(f, 1, 1); // i64_seq, InlineBitpacking(64)
    f[(int) chunk + 8] = 65;
    assertCorruptTake(f, "i64_seq", "column 1", "InlineBitpacking");
    byte[] g = fixtureBytes("scalars_21");
    long dict = bufferOffset(g, 13, 1); // str_low: 5 items, indices bit-packed to 3 bits
    g[(int) dict + 8 + 4] |= 0x07;
    assertCorruptTake(g, "str_low", "column 13", "dictionary index 7");
    byte[] h = fixtureBytes("scalars_21");
    long meta = bufferOffset(h, 0, 0); // i32_rand chunk metadata (u16 words)
    h[(int) meta] = (byte) 0xF0;
    h[(int) meta + 1] = (byte) 0xFF;
    assertCorruptTake(h, "i32_rand", "column 0");
  }

  @Test
  void bitWidthWiderThanTheValues() throws Exception {
    byte[] f = fixtureBytes("scalars_21");
    long chunk = bufferOffset(f, 1, 1); // i64_seq, InlineBitpacking(64)
    f[(int) chunk + 8] = 65; // the chunk's width word, after the 8-byte chunk header
    assertCorrupt(f, "i64_seq", "column 1", "InlineBitpacking", "bit width 65");
  }

  @Test
  void chunkLargerThanItsBuffer() throws Exception {
    byte[] f = fixtureBytes("scalars_21");
    long meta = bufferOffset(f, 0, 0); // i32_rand chunk metadata (u16 words)
    f[(int) meta] = (byte) 0xF0;
    f[(int) meta + 1] = (byte) 0xFF;
    assertCorrupt(f, "i32_rand", "column 0", "overruns");
  }

  @Test
  void dictionaryIndexOutOfRange() throws Exception {
    byte[] f = fixtureBytes("scalars_21");
    long chunk = bufferOffset(f, 13, 1); // str_low: 5 items, indices bit-packed to 3 bits
    f[(int) chunk + 8 + 4] |= 0x07; // first index -> 7
    assertCorrupt(f, "str_low", "column 13", "dictionary index 7", "5-item dictionary");
  }

  @Test
  void levelsThatDoNotAddUp() throws Exception {
    byte[] f = fixtureBytes("nested_21");
    long chunk = bufferOffset(f, 2, 1); // li: rep and def levels per chunk
    int levels = (f[(int) chunk] & 0xFF) | (f[(int) chunk + 1] & 0xFF) << 8;
    levels -= 3;
    f[(int) chunk] = (byte) levels;
    f[(int) chunk + 1] = (byte) (levels >> 8);
    assertCorrupt(f, "li", "column 2");
  }

  @Test
  void truncatedFullZipValue() throws Exception {
    byte[] f = fixtureBytes("big_21");
    long data = bufferOffset(f, 2, 0); // text: FullZip, def byte then u32 length per value
    f[(int) data + 1 + 3] = 0x7F; // length of the first value -> ~2 GB
    assertCorrupt(f, "text", "column 2", "overruns");
  }
}
