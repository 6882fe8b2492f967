package org.lance4j;

/**
 * The data is valid Lance but uses a format version, encoding or feature lance4j does not handle
 * (yet). Never returned as wrong data: lance4j stops with this instead.
 */
public class UnsupportedFormatException extends LanceException {
  private static final long serialVersionUID = 1L;

  public UnsupportedFormatException(String message) {
    super(message);
  }
}
