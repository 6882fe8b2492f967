package org.lance4j;

/** A file is truncated, has bad magic bytes, or its metadata does not decode. */
public class CorruptFileException extends LanceException {
  private static final long serialVersionUID = 1L;

  public CorruptFileException(String message) {
    super(message);
  }

  public CorruptFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
