package org.lance4j.interop;

/**
 * Runs a test body so that its failure names the case: a parameterised test's console summary
 * shows only the method and line, and "file 2.1: utf8 short" is what tells which combination
 * failed. Assertion failures and exceptions (an UnsupportedFormatException, say) become an
 * AssertionError with the label in front and the original as cause.
 */
final class Labelled {
  private Labelled() {}

  interface Body {
    void run() throws Exception;
  }

  static void run(String label, Body body) {
    try {
      body.run();
    } catch (AssertionError | Exception e) {
      throw new AssertionError(label + ": " + e, e);
    }
  }
}
