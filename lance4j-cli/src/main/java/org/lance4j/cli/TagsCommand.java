package org.lance4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
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
final class TagsCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin
  HelpOption help;

  @Override
  public Integer call() {
    throw Errors.invalid("tags needs a subcommand: list, create, update or delete",
        "see `lance4j tags --help`");
  }

  @Command(name = "list", sortOptions = false,
      description = {"List the tags: name, version, created.", "",
          "Example: lance4j tags list /shared/ds --json", ""})
  static final class ListTags implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "URI", description = "Dataset path. Example: ./ds")
    String uri;

    @Option(names = "--json", description = "One JSON array of {name, version, created_at, "
        + "updated_at}. Example: --json")
    boolean json;

    @Override
    public Integer call() throws Exception {
      try (Dataset ds = Support.open(uri)) {
        List<Tag> tags = ds.tags().list();
        if (json) {
          ArrayNode a = Json.MAPPER.createArrayNode();
          for (Tag t : tags) {
            ObjectNode o = a.addObject();
            o.put("name", t.name());
            o.put("version", t.version());
            o.put("created_at", t.createdAt() == null ? null : t.createdAt().toString());
            o.put("updated_at", t.updatedAt() == null ? null : t.updatedAt().toString());
          }
          System.out.println(Json.MAPPER.writeValueAsString(a));
        } else {
          for (Tag t : tags) {
            System.out.println(t.name() + "\t" + t.version()
                + (t.createdAt() == null ? "" : "\t" + t.createdAt()));
          }
        }
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "create", sortOptions = false,
      description = {"Name an existing version. Fails when the tag exists.", "",
          "Example: lance4j tags create /shared/ds gold 12", ""})
  static final class Create implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "URI", description = "Dataset path. Example: ./ds")
    String uri;

    @Parameters(index = "1", paramLabel = "NAME", description = "Tag name (letters, digits, "
        + "'.', '_', '-'). Example: gold")
    String name;

    @Parameters(index = "2", paramLabel = "VERSION", arity = "0..1",
        description = "Version to tag (default: the latest). Example: 12")
    Long version;

    @Override
    public Integer call() {
      try (Dataset ds = Support.open(uri)) {
        Tag t = ds.tags().create(name, version == null ? ds.version() : version);
        System.out.println(t.name() + "\t" + t.version());
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "update", sortOptions = false,
      description = {"Move an existing tag to another version.", "",
          "Example: lance4j tags update /shared/ds gold 14", ""})
  static final class Update implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "URI", description = "Dataset path. Example: ./ds")
    String uri;

    @Parameters(index = "1", paramLabel = "NAME", description = "Tag name. Example: gold")
    String name;

    @Parameters(index = "2", paramLabel = "VERSION", description = "Version it names from now "
        + "on. Example: 14")
    long version;

    @Override
    public Integer call() {
      try (Dataset ds = Support.open(uri)) {
        Tag t = ds.tags().update(name, version);
        System.out.println(t.name() + "\t" + t.version());
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", sortOptions = false,
      description = {"Delete a tag (the version stays until a cleanup removes it).", "",
          "Example: lance4j tags delete /shared/ds gold", ""})
  static final class Delete implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "URI", description = "Dataset path. Example: ./ds")
    String uri;

    @Parameters(index = "1", paramLabel = "NAME", description = "Tag name. Example: gold")
    String name;

    @Override
    public Integer call() {
      try (Dataset ds = Support.open(uri)) {
        ds.tags().delete(name);
      }
      return ExitCodes.OK;
    }
  }
}
