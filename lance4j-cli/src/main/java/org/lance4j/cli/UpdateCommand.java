package org.lance4j.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lance4j.Dataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** UPDATE ... SET ... WHERE: rows rewritten, old copies deleted, one commit. */
@Command(name = "update", sortOptions = false,
    description = {
        "Set columns of the rows matching --where (every row without it) to SQL expressions and "
            + "print the new version. The rows are rewritten into new fragments and their old "
            + "copies deleted in one commit; when no row matches nothing is committed and the "
            + "current version is printed.",
        "",
        "Example: lance4j update /shared/ds --set 'score=score * 1.1' --where 'age > 30'",
        ""})
final class UpdateCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin
  HelpOption help;

  @Parameters(index = "0", paramLabel = "URI", description = "Dataset path. Example: /shared/ds")
  String uri;

  @Option(names = "--set", required = true, paramLabel = "COLUMN=EXPR",
      description = "A top-level column and its new value as a SQL expression over the row; "
          + "repeat for several columns. Example: --set \"name=upper(name)\"")
  List<String> set;

  @Option(names = "--where", paramLabel = "PREDICATE",
      description = "SQL predicate of the rows to update (default: every row). "
          + "Example: --where \"id = 7\"")
  String where;

  @Override
  public Integer call() {
    Map<String, String> assignments = new LinkedHashMap<>();
    for (String s : set) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw Errors.invalid("--set " + s + " is not COLUMN=EXPR",
            "example: --set \"score=score * 2\"");
      }
      String column = s.substring(0, eq).trim();
      if (assignments.put(column, s.substring(eq + 1).trim()) != null) {
        throw Errors.invalid("--set names column '" + column + "' twice", "set it once");
      }
    }
    try (Dataset ds = Support.open(uri); Dataset after = ds.update(assignments, where)) {
      System.out.println(after.version());
    }
    return ExitCodes.OK;
  }
}
