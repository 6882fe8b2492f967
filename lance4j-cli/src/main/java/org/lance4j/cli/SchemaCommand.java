package org.lance4j.cli;

import java.util.concurrent.Callable;
import org.lance4j.Dataset;
import org.lance4j.LanceField;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The schema of a dataset version. */
@Command(name = "schema", sortOptions = false,
    description = {"Print the schema of a dataset version: one line per column (name, type, "
        + "not null, Lance field id).", "",
        "Example: lance4j schema /shared/ds",
        "Example: lance4j schema /shared/ds --arrow > schema.json   (then: write-fragments "
            + "--schema schema.json)", ""})
final class SchemaCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin
  HelpOption help;

  @Parameters(index = "0", paramLabel = "URI", description = "Dataset path. Example: /shared/ds")
  String uri;

  @Option(names = "--version", paramLabel = "N",
      description = "Version to read (default: latest). Example: --version 1")
  Long version;

  @Option(names = "--tag", paramLabel = "NAME",
      description = "Read the version this tag names (see `lance4j tags`). Example: --tag gold")
  String tag;

  @Option(names = "--json", description = "Print the Lance fields as a JSON array (name, type, "
      + "arrow_type, nullable, id, children). Example: --json")
  boolean json;

  @Option(names = "--arrow", description = "Print the Arrow schema as JSON in the form "
      + "write-fragments --schema reads. Example: --arrow > schema.json")
  boolean arrow;

  @Override
  public Integer call() {
    if (json && arrow) {
      throw Errors.invalid("--json and --arrow cannot be combined", "pass one of them");
    }
    try (Dataset ds = Support.open(uri, version, tag)) {
      if (arrow) {
        System.out.println(ds.schema().toJson());
      } else if (json) {
        com.fasterxml.jackson.databind.node.ArrayNode a = Json.array();
        ds.lanceSchema().fields().forEach(f -> a.add(Json.field(f)));
        Json.print(a);
      } else {
        for (LanceField f : ds.lanceSchema().fields()) {
          InfoCommand.print(f, "");
        }
      }
    }
    return ExitCodes.OK;
  }
}
