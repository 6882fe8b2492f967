package org.lance4j.internal.file;

/** Constants of the Lance data file container (format 2.0). */
public final class FileFormat {
  private FileFormat() {}

  /** Last four bytes of every Lance file. */
  public static final byte[] MAGIC = {'L', 'A', 'N', 'C'};
  /** u64 A, u64 B, u64 C, u32 globals, u32 columns, u16 major, u16 minor, "LANC". */
  public static final int FOOTER_SIZE = 40;
  /** Page buffers are padded to this alignment. */
  public static final int PAGE_ALIGNMENT = 64;
  /** The byte page padding is made of. */
  public static final byte PAD_BYTE = 0x48;
  /** Footer version numbers a 2.0 file carries (lance writes 0.3 for 2.0). */
  public static final int V2_0_MAJOR = 0;
  public static final int V2_0_MINOR = 3;
  /** Version numbers recorded for 2.0 files in the manifest's DataFile. */
  public static final int DATAFILE_MAJOR = 2;
  public static final int DATAFILE_MINOR = 0;
  /** type_url of page encodings (a google.protobuf.Any, set by hand: no domain). */
  public static final String ARRAY_ENCODING_TYPE_URL = "/lance.encodings.ArrayEncoding";
  /** type_url of column encodings. */
  public static final String COLUMN_ENCODING_TYPE_URL = "/lance.encodings.ColumnEncoding";
  /** Target bytes buffered per column before a page is flushed. */
  public static final long DEFAULT_PAGE_SIZE_BYTES = 8L * 1024 * 1024;
}
