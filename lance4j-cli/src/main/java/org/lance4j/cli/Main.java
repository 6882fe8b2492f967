package org.lance4j.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code lance4j} command-line tool: distributed writes from job scripts (write-fragments on
 * each worker, one commit) and everyday dataset commands.
 */
@Command(name = "lance4j", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
    versionProvider = Main.Version.class,
    description = {
        "Lance datasets from the command line, in pure Java.",
        "",
        "Distributed write: every worker runs `lance4j write-fragments URI --input ... --output "
            + "worker-N.json`, then one step runs `lance4j commit URI --operation overwrite "
            + "--read-version 0 worker-*.json`.",
        ""},
    subcommands = {
        WriteFragmentsCommand.class, CommitCommand.class, MergeColumnsCommand.class,
        InfoCommand.class, VersionsCommand.class, SchemaCommand.class, CountCommand.class,
        ScanCommand.class,
        EditCommands.AddColumns.class, EditCommands.DropColumns.class, DeleteCommand.class,
        UpdateCommand.class, TagsCommand.class, BranchesCommand.class,
        EditCommands.Restore.class, EditCommands.Compact.class, EditCommands.Cleanup.class,
        DemoCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Run `lance4j COMMAND --help` for a command's options with examples.", "",
        ExitCodes.HELP},
    sortOptions = false)
public final class Main implements Runnable {
  @Spec
  CommandSpec spec;

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "On errors, also print the stack trace. Example: lance4j --verbose info ./ds")
  boolean verbose;

  @Option(names = "--progress", negatable = true, scope = ScopeType.INHERIT,
      description = "Force the progress line on stderr on (--progress) or off (--no-progress). "
          + "Default: shown only when stderr is a terminal. Example: lance4j --no-progress "
          + "write-fragments ./ds --input big.csv 2> log.txt")
  void progress(boolean on) {
    Progress.force(on);
  }

  @Option(names = "--storage-option", paramLabel = "KEY=VALUE", scope = ScopeType.INHERIT,
      description = "A storage setting for s3://, az:// or gs:// datasets, with Lance's key names "
          + "(repeatable; the AWS_*/AZURE_*/GOOGLE_* environment applies too). Example: "
          + "--storage-option aws_endpoint=http://127.0.0.1:9000 --storage-option allow_http=true")
  void storageOption(java.util.List<String> pairs) {
    Storage.set(pairs);
  }

  @Option(names = "--branch", paramLabel = "NAME", scope = ScopeType.INHERIT,
      description = "Read from and commit to branch NAME (tree/NAME/, see `lance4j branches`) "
          + "instead of the main branch; write-fragments writes into the branch. Example: "
          + "lance4j write-fragments ./ds --branch exp --input part.csv --mode append")
  void branch(String name) {
    Storage.branch(name);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the tool and returns its exit code (does not exit). */
  public static int run(String... args) {
    Storage.reset();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.setOut(out);
    CommandLine cl = new CommandLine(new Main());
    PrintWriter err = new PrintWriter(System.err, true);
    cl.setErr(err);
    cl.setParameterExceptionHandler((ex, a) -> {
      CommandLine c = ex.getCommandLine();
      err.println("lance4j: usage error: " + ex.getMessage() + " (hint: run `"
          + c.getCommandSpec().qualifiedName() + " --help`)");
      return ExitCodes.USAGE;
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) ->
        Errors.report(ex, verbose(parsed), err));
    try {
      return cl.execute(args);
    } catch (Throwable t) {
      // Errors (e.g. OutOfMemoryError) escape picocli's handler
      return Errors.report(t, java.util.Arrays.asList(args).contains("--verbose"), err);
    }
  }

  private static boolean verbose(ParseResult parsed) {
    for (CommandLine c : parsed.asCommandLineList()) {
      if (c.getParseResult().hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** Version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"lance4j " + (v == null ? "(development build)" : v)
          + ", Lance file format 2.0, Java " + System.getProperty("java.version")};
    }
  }
}
