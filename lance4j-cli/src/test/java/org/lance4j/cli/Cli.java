package org.lance4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real CLI in a separate JVM (the test classpath stands in for the shaded jar). */
final class Cli {
  private Cli() {}

  /** Exit code, stdout and stderr of one run. */
  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  static List<String> javaCommand() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    cmd.add("-Xmx512m");
    // short runs on small inputs: the C1 compiler alone and the serial collector start faster
    // and use less CPU than the default tiered C2 + G1 (about 40% less for a small command)
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-cp");
    cmd.add(cliClassPath());
    cmd.add(Main.class.getName());
    return cmd;
  }

  /**
   * The test class path without the jars only the tests need: Hadoop's runtime lets the tests
   * write compressed Parquet with parquet-java's own codecs, and the shaded jar does not ship it.
   */
  static String cliClassPath() {
    return java.util.Arrays.stream(System.getProperty("java.class.path")
            .split(java.io.File.pathSeparator))
        .filter(e -> !e.contains("hadoop-client-runtime") && !e.contains("lz4-java"))
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }

  /** Starts {@code lance4j args...}; stdout/stderr go to files in {@code logs}. */
  static Running start(Path logs, String... args) throws IOException {
    return start(logs, java.util.Map.of(), args);
  }

  /** {@link #start(Path, String...)} with these environment variables added. */
  static Running start(Path logs, java.util.Map<String, String> env, String... args)
      throws IOException {
    List<String> cmd = javaCommand();
    cmd.addAll(List.of(args));
    Files.createDirectories(logs);
    Path out = Files.createTempFile(logs, "out", ".txt");
    Path err = Files.createTempFile(logs, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile())
        .redirectError(err.toFile());
    pb.environment().putAll(env);
    return new Running(pb.start(), out, err);
  }

  static Result run(Path logs, String... args) throws Exception {
    return start(logs, args).await();
  }

  /** A started CLI process. */
  record Running(Process process, Path out, Path err) {
    Result await() throws Exception {
      if (!process.waitFor(3, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("lance4j did not finish");
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    }
  }
}
