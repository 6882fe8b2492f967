package org.lance4j.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h, --help} for the commands that have their own {@code --version N} option (a dataset
 * version): the inherited standard help options (which include {@code -V, --version}) do not
 * reach them, so they declare help themselves.
 */
final class HelpOption {
  @Option(names = {"-h", "--help"}, usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;
}
