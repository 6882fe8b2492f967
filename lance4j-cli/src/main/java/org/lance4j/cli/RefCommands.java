package org.lance4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lance4j.Dataset;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The command shapes {@code tags} and {@code branches} share: a group that only dispatches to
 * its subcommands, subcommands on one dataset {@code URI}, and a {@code list} printing one line
 * per ref (tab-separated) or one JSON array.
 */
final class RefCommands {
  private RefCommands() {}

  /** {@code tags}, {@code branches}: run without a subcommand, a usage error naming them. */
  abstract static class Group implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      List<String> subs = new ArrayList<>(spec.subcommands().keySet());
      subs.remove("help");
      String last = subs.remove(subs.size() - 1);
      String names = subs.isEmpty() ? last : String.join(", ", subs) + " or " + last;
      throw Errors.invalid(spec.name() + " needs a subcommand: " + names,
          "see `lance4j " + spec.name() + " --help`");
    }
  }

  /** A subcommand on one dataset: {@code URI} first. */
  abstract static class OnDataset implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "URI", description = "Dataset path. Example: ./ds")
    String uri;
  }

  /** {@code list}: each ref as a line of tab-separated fields, or all as one JSON array. */
  abstract static class Listing<T> extends OnDataset {
    /** Whether {@code --json} was given (each listing declares the option with its fields). */
    abstract boolean json();

    abstract List<T> refs(Dataset ds);

    /** One ref as an element of the JSON array. */
    abstract void json(T ref, ObjectNode into);

    /** One ref as a text line: tab-separated fields, a missing creation time left out. */
    abstract String line(T ref);

    @Override
    public Integer call() throws Exception {
      try (Dataset ds = Support.open(uri)) {
        List<T> refs = refs(ds);
        if (json()) {
          ArrayNode a = Json.MAPPER.createArrayNode();
          refs.forEach(r -> json(r, a.addObject()));
          System.out.println(Json.MAPPER.writeValueAsString(a));
        } else {
          refs.forEach(r -> System.out.println(line(r)));
        }
      }
      return ExitCodes.OK;
    }
  }

  /** {@code "\t" + created}, or nothing when the time is unknown. */
  static String createdCell(Object created) {
    return created == null ? "" : "\t" + created;
  }
}
