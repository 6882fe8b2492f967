package org.lance4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs one of the LanceDB node scripts the build installs into target/node. */
final class LanceDbScript {
  private LanceDbScript() {}

  /** Skips the calling test when LanceDB was not installed; fails when it should be there. */
  static Path require(String script) {
    Assumptions.assumeFalse(InteropSwitch.SKIP_NPM,
        "LanceDB not installed (-Dlance4j.interop.skipNpm=true)");
    Path p = Path.of(InteropSwitch.NODE_DIR, script).toAbsolutePath();
    assertThat(p).as("the build copies the node project to %s (generate-test-resources)",
        InteropSwitch.NODE_DIR).exists();
    assertThat(p.resolveSibling("node_modules/@lancedb/lancedb")).as("npm installed LanceDB")
        .exists();
    return p;
  }

  /**
   * Runs {@code node <script> <args>} in the script's directory and returns its standard output
   * (standard error is merged into it); fails the test on a non-zero exit or after two minutes.
   */
  static String run(String script, String... args) throws IOException, InterruptedException {
    Path p = require(script);
    List<String> cmd = new ArrayList<>(List.of("node", p.toString()));
    cmd.addAll(List.of(args));
    Process proc = new ProcessBuilder(cmd).directory(p.getParent().toFile())
        .redirectErrorStream(true).start();
    proc.getOutputStream().close();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(proc.waitFor(120, TimeUnit.SECONDS)).as("node %s finished in time", script)
        .isTrue();
    assertThat(proc.exitValue()).as("node %s %s exit code; output:%n%s", script, args, out)
        .isZero();
    return out;
  }

  /** The last line of {@code out} that starts with '{' (the scripts print one JSON line). */
  static String jsonLine(String out) {
    String found = null;
    for (String line : out.split("\n")) {
      if (line.startsWith("{")) {
        found = line;
      }
    }
    assertThat(found).as("a JSON line in the script's output:%n%s", out).isNotNull();
    return found;
  }
}
