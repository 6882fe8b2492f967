package org.lance4j.cli.input;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Part {@code index} of {@code count} of every input file, for row-range sharding of large files
 * ({@code write-fragments --shard K/N --shard-by rows}): Parquet row groups and Arrow IPC file
 * record batches {@code i} with {@code i % count == index}; CSV and JSON Lines byte ranges of
 * about {@code size / count} bytes, each moved to the next line start (a CSV header is read from
 * the file's start by every part). CSV records must then not contain line breaks inside quotes.
 */
public record Part(int index, int count) {
  /** Whether row group / record batch {@code i} belongs to this part. */
  boolean owns(int i) {
    return i % count == index;
  }

  /** How the part names the file in messages: line numbers count from the part's start. */
  String label(Path file, long from) {
    return file + "[part " + index + "/" + count + " from byte " + from + "]";
  }

  /** This part of a text file: the bytes of its whole lines, after the header line if any. */
  Range range(Path file, boolean header) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      long dataStart = header ? lineEnd(ch, 0, size) : 0;
      long span = size - dataStart;
      long from = boundary(ch, dataStart + span * index / count, dataStart, size);
      long to = index + 1 == count ? size
          : boundary(ch, dataStart + span * (index + 1) / count, dataStart, size);
      return new Range(dataStart, from, Math.max(from, to));
    }
  }

  /** The header (bytes [0, headerEnd)) and this part's lines (bytes [from, to)). */
  record Range(long headerEnd, long from, long to) {
    InputStream open(Path file) throws IOException {
      InputStream body = Files.newInputStream(file);
      try {
        body.skipNBytes(from);
      } catch (IOException e) {
        body.close();
        throw e;
      }
      InputStream limited = new java.io.FilterInputStream(body) {
        private long left = to - from;

        @Override
        public int read() throws IOException {
          if (left <= 0) {
            return -1;
          }
          int b = super.read();
          if (b >= 0) {
            left--;
          }
          return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
          if (left <= 0) {
            return -1;
          }
          int n = super.read(buf, off, (int) Math.min(len, left));
          if (n > 0) {
            left -= n;
          }
          return n;
        }
      };
      if (headerEnd == 0) {
        return limited;
      }
      byte[] head = new byte[(int) headerEnd];
      try (InputStream h = Files.newInputStream(file)) {
        h.readNBytes(head, 0, head.length);
      }
      return new SequenceInputStream(new ByteArrayInputStream(head), limited);
    }
  }

  /** The first line start at or after {@code pos} (never before {@code min}). */
  private static long boundary(FileChannel ch, long pos, long min, long size) throws IOException {
    if (pos <= min) {
      return min;
    }
    return lineEnd(ch, pos - 1, size);
  }

  /** The position after the first '\n' at or after {@code pos} (or the end). */
  private static long lineEnd(FileChannel ch, long pos, long size) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    long at = pos;
    while (at < size) {
      buf.clear();
      int n = ch.read(buf, at);
      if (n <= 0) {
        break;
      }
      for (int i = 0; i < n; i++) {
        if (buf.get(i) == '\n') {
          return at + i + 1;
        }
      }
      at += n;
    }
    return size;
  }
}
