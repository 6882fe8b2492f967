package org.lance4j;

/** A create was asked for where a dataset already exists. */
public class DatasetAlreadyExistsException extends LanceException {
  private static final long serialVersionUID = 1L;

  public DatasetAlreadyExistsException(String message) {
    super(message);
  }
}
