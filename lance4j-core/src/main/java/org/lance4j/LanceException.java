package org.lance4j;

/**
 * Root of every exception lance4j throws. Unchecked: callers catch the subtypes they can act on.
 */
public class LanceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LanceException(String message) {
    super(message);
  }

  public LanceException(String message, Throwable cause) {
    super(message, cause);
  }
}
