package org.lance4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.lance4j.Branch;
import org.lance4j.Dataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Branches: independent lines of versions under {@code tree/{name}/}, as Lance lays them out. */
@Command(name = "branches", sortOptions = false,
    description = {"List or create branches: a branch starts as a copy of one version and then "
        + "takes its own commits (tree/NAME/). Read or commit to it with `--branch NAME` on any "
        + "command.", "",
        "Example: lance4j branches create /shared/ds exp 12",
        "Example: lance4j count /shared/ds --branch exp", ""},
    subcommands = {BranchesCommand.ListBranches.class, BranchesCommand.Create.class})
final class BranchesCommand extends RefCommands.Group {

  @Command(name = "list", sortOptions = false,
      description = {"List the branches: name, parent branch, parent version, created.", "",
          "Example: lance4j branches list /shared/ds --json", ""})
  static final class ListBranches extends RefCommands.Listing<Branch> {
    @Option(names = "--json", description = "One JSON array of {name, parent_branch, "
        + "parent_version, created_at}. Example: --json")
    boolean json;

    @Override
    boolean json() {
      return json;
    }

    @Override
    List<Branch> refs(Dataset ds) {
      return ds.branches();
    }

    private static String parent(Branch b) {
      return b.parentBranch() == null ? "main" : b.parentBranch();
    }

    @Override
    void json(Branch b, ObjectNode o) {
      o.put("name", b.name());
      o.put("parent_branch", parent(b));
      o.put("parent_version", b.parentVersion());
      o.put("created_at", b.createdAt() == null ? null : b.createdAt().toString());
    }

    @Override
    String line(Branch b) {
      return b.name() + "\t" + parent(b) + "\t" + b.parentVersion()
          + RefCommands.createdCell(b.createdAt());
    }
  }

  @Command(name = "create", sortOptions = false,
      description = {"Create a branch from a version (of the main branch, or of --branch). Fails "
          + "when the branch exists.", "",
          "Example: lance4j branches create /shared/ds exp 12", ""})
  static final class Create extends RefCommands.OnDataset {
    @Parameters(index = "1", paramLabel = "NAME", description = "Branch name (letters, digits, "
        + "'.', '_', '-'). Example: exp")
    String name;

    @Parameters(index = "2", paramLabel = "VERSION", arity = "0..1",
        description = "Version it starts from (default: the latest). Example: 12")
    Long version;

    @Override
    public Integer call() {
      try (Dataset ds = Support.open(uri, version);
          Dataset branch = ds.createBranch(name)) {
        System.out.println(name + "\t" + branch.version());
      }
      return ExitCodes.OK;
    }
  }
}
