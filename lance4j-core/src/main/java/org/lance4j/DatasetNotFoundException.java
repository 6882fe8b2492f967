package org.lance4j;

/** No dataset (or no such version of it) exists at the given location. */
public class DatasetNotFoundException extends LanceException {
  private static final long serialVersionUID = 1L;

  public DatasetNotFoundException(String message) {
    super(message);
  }
}
