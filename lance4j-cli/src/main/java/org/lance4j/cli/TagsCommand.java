package org.lance4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.lance4j.Dataset;
import org.lance4j.Tag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Tags: names for versions ({@code _refs/tags}), kept by cleanup. */
@Command(name = "tags", sortOptions = false,
    description = {"List, create, move or delete tags: names for versions, which cleanup never "
        + "removes. Read a tag with `scan/info/count/schema --tag NAME`, restore it with "
        + "`restore URI --tag NAME`.", "",
        "Example: lance4j tags list /shared/ds",
        "Example: lance4j tags create /shared/ds gold 12", ""},
    subcommands = {TagsCommand.ListTags.class, TagsCommand.Create.class,
        TagsCommand.Update.class, TagsCommand.Delete.class})
final class TagsCommand extends RefCommands.Group {

  @Command(name = "list", sortOptions = false,
      description = {"List the tags: name, version, created.", "",
          "Example: lance4j tags list /shared/ds --json", ""})
  static final class ListTags extends RefCommands.Listing<Tag> {
    @Option(names = "--json", description = "One JSON array of {name, version, created_at, "
        + "updated_at}. Example: --json")
    boolean json;

    @Override
    boolean json() {
      return json;
    }

    @Override
    List<Tag> refs(Dataset ds) {
      return ds.tags().list();
    }

    @Override
    void json(Tag t, ObjectNode o) {
      o.put("name", t.name());
      o.put("version", t.version());
      o.put("created_at", t.createdAt() == null ? null : t.createdAt().toString());
      o.put("updated_at", t.updatedAt() == null ? null : t.updatedAt().toString());
    }

    @Override
    String line(Tag t) {
      return t.name() + "\t" + t.version() + RefCommands.createdCell(t.createdAt());
    }
  }

  /** A subcommand on one tag: {@code URI NAME}. */
  abstract static class OnTag extends RefCommands.OnDataset {
    @Parameters(index = "1", paramLabel = "NAME", description = "Tag name (letters, digits, "
        + "'.', '_', '-'). Example: gold")
    String name;

    /** Runs on the open dataset, prints what the command prints. */
    abstract void run(Dataset ds);

    @Override
    public Integer call() {
      try (Dataset ds = Support.open(uri)) {
        run(ds);
      }
      return ExitCodes.OK;
    }

    static void print(Tag t) {
      System.out.println(t.name() + "\t" + t.version());
    }
  }

  @Command(name = "create", sortOptions = false,
      description = {"Name an existing version. Fails when the tag exists.", "",
          "Example: lance4j tags create /shared/ds gold 12", ""})
  static final class Create extends OnTag {
    @Parameters(index = "2", paramLabel = "VERSION", arity = "0..1",
        description = "Version to tag (default: the latest). Example: 12")
    Long version;

    @Override
    void run(Dataset ds) {
      print(ds.tags().create(name, version == null ? ds.version() : version));
    }
  }

  @Command(name = "update", sortOptions = false,
      description = {"Move an existing tag to another version.", "",
          "Example: lance4j tags update /shared/ds gold 14", ""})
  static final class Update extends OnTag {
    @Parameters(index = "2", paramLabel = "VERSION", description = "Version it names from now "
        + "on. Example: 14")
    long version;

    @Override
    void run(Dataset ds) {
      print(ds.tags().update(name, version));
    }
  }

  @Command(name = "delete", sortOptions = false,
      description = {"Delete a tag (the version stays until a cleanup removes it).", "",
          "Example: lance4j tags delete /shared/ds gold", ""})
  static final class Delete extends OnTag {
    @Override
    void run(Dataset ds) {
      ds.tags().delete(name);
    }
  }
}
