package org.lance4j.internal.table;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * Names of new data files, in the form Lance uses: the first 3 bytes of a random UUID as 24
 * binary digits, then the remaining 13 bytes as 26 hex digits, then {@code .lance}. The binary
 * prefix spreads files across object-store key prefixes.
 */
public final class DataFileNames {
  private DataFileNames() {}

  /** Directory (relative to the dataset root) data files live in. */
  public static final String DATA_DIR = "data";

  /** A fresh random file name (bare, without the {@code data/} directory). */
  public static String newName() {
    return fromUuid(UUID.randomUUID());
  }

  /** The file name derived from a given UUID. */
  public static String fromUuid(UUID uuid) {
    ByteBuffer b = ByteBuffer.allocate(16);
    b.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
    byte[] bytes = b.array();
    StringBuilder sb = new StringBuilder(56);
    for (int i = 0; i < 3; i++) {
      for (int bit = 7; bit >= 0; bit--) {
        sb.append(((bytes[i] >> bit) & 1) == 0 ? '0' : '1');
      }
    }
    for (int i = 3; i < 16; i++) {
      sb.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16));
      sb.append(Character.forDigit(bytes[i] & 0xF, 16));
    }
    return sb.append(".lance").toString();
  }

  /**
   * Path of a data file for the dataset's store: under {@code data/}, or under the base path
   * its {@code base_id} names ({@link BasedStore}).
   */
  public static String path(org.lance4j.DataFile file) {
    return BasedStore.prefix(file.baseId()) + path(file.path());
  }

  /** Path of a data file relative to the dataset root. */
  public static String path(String name) {
    return DATA_DIR + "/" + name;
  }
}
