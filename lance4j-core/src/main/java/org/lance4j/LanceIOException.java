package org.lance4j;

import java.io.IOException;

/** An I/O error from the storage layer, wrapped so the API stays unchecked. */
public class LanceIOException extends LanceException {
  private static final long serialVersionUID = 1L;

  public LanceIOException(String message, IOException cause) {
    super(message + ": " + cause, cause);
  }
}
