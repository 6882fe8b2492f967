package org.lance4j;

/** The caller passed something lance4j cannot accept: bad JSON, a schema mismatch, bad options. */
public class InvalidInputException extends LanceException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
