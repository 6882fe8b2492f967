package org.lance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** `lance4j --help` and every `lance4j COMMAND --help`: each option and parameter has an example. */
class HelpTest {
  @Test
  void everyOptionAndParameterHasAnExample() {
    CommandLine cl = new CommandLine(new Main());
    List<String> missing = new ArrayList<>();
    check(cl.getCommandSpec(), missing);
    for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
      if (sub.getKey().equals("help")) {
        continue;
      }
      CommandSpec spec = sub.getValue().getCommandSpec();
      check(spec, missing);
      assertThat(String.join("\n", spec.usageMessage().description()))
          .as(spec.qualifiedName() + " description").contains("Example: lance4j " + sub.getKey());
    }
    assertThat(missing).as("options without an example").isEmpty();
  }

  private static void check(CommandSpec spec, List<String> missing) {
    List<ArgSpec> args = new ArrayList<>(spec.options());
    args.addAll(spec.positionalParameters());
    for (ArgSpec a : args) {
      if (a instanceof OptionSpec o && (o.usageHelp() || o.versionHelp())) {
        continue;
      }
      if (!String.join(" ", a.description()).contains("Example")) {
        missing.add(spec.qualifiedName() + " " + (a instanceof OptionSpec o ? o.longestName()
            : a.paramLabel()));
      }
    }
  }

  @Test
  void helpPrintsExamplesAndExitCodes() {
    Cli.Result top = InProcess.run("--help");
    assertThat(top.code()).isZero();
    assertThat(top.out()).contains("merge-columns").contains("Exit codes:")
        .contains("4  retryable commit conflict");
    for (String c : List.of("write-fragments", "commit", "merge-columns", "scan", "delete",
        "add-columns", "compact", "cleanup", "restore")) {
      Cli.Result r = InProcess.run(c, "--help");
      assertThat(r.code()).as(c).isZero();
      assertThat(r.out()).as(c).contains("Example: lance4j " + c);
    }
  }
}
