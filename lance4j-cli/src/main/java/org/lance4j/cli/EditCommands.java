package org.lance4j.cli;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lance4j.CompactionOptions;
import org.lance4j.Dataset;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Single-step commands that commit one new version and print its number. */
final class EditCommands {
  private EditCommands() {}

  @Command(name = "add-columns", sortOptions = false,
      description = {"Add columns computed by SQL expressions (all fragments, one commit). "
          + "Prints the new version. For a distributed add, use merge-columns + commit.", "",
          "Example: lance4j add-columns /shared/ds --expr 'name_len=length(name)'", ""})
  static final class AddColumns implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URI", description = "Dataset path. Example: ./ds")
    String uri;

    @Option(names = "--expr", required = true, arity = "1..*", paramLabel = "NAME=SQL",
        description = "New column and its SQL expression. Example: --expr 'age2=age * 2'")
    List<String> exprs;

    @Override
    public Integer call() {
      try (Dataset ds = Support.open(uri); Dataset after = ds.addColumns(
          Support.expressions(exprs))) {
        System.out.println(after.version());
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "drop-columns",
      description = {"Remove columns from the schema (metadata only; data files are kept until "
          + "cleanup). Prints the new version.", "",
          "Example: lance4j drop-columns /shared/ds name_len age2", ""})
  static final class DropColumns implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URI", description = "Dataset path. Example: ./ds")
    String uri;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COLUMN",
        description = "Columns to drop. Example: name_len")
    List<String> columns;

    @Override
    public Integer call() {
      try (Dataset ds = Support.open(uri); Dataset after = ds.dropColumns(columns)) {
        System.out.println(after.version());
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "restore",
      description = {"Make an older version the latest again (as a new version). Prints the new "
          + "version.", "", "Example: lance4j restore /shared/ds 1", ""})
  static final class Restore implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URI", description = "Dataset path. Example: ./ds")
    String uri;

    @Parameters(index = "1", paramLabel = "VERSION", arity = "0..1",
        description = "Version to restore (or --tag). Example: 1")
    Long version;

    @Option(names = "--tag", paramLabel = "NAME",
        description = "Restore the version this tag names. Example: --tag gold")
    String tag;

    @Override
    public Integer call() {
      if ((version == null) == (tag == null)) {
        throw Errors.invalid("restore needs a VERSION or --tag NAME (one of them)",
            "example: lance4j restore ./ds 3, or lance4j restore ./ds --tag gold");
      }
      // open the version being restored, not the latest: a corrupt latest manifest must not
      // stand in the way of going back
      try (Dataset ds = Support.open(uri, version, tag)) {
        try (Dataset after = ds.restore(ds.version())) {
          System.out.println(after.version());
        }
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "compact", sortOptions = false,
      description = {"Rewrite small fragments (and ones with many deleted rows) into larger "
          + "ones. Prints the new version.", "",
          "Example: lance4j compact /shared/ds --target-rows-per-fragment 1000000", ""})
  static final class Compact implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URI", description = "Dataset path. Example: ./ds")
    String uri;

    @Option(names = "--target-rows-per-fragment", paramLabel = "N", defaultValue = "1048576",
        description = "Rows a compacted fragment aims for. Example: --target-rows-per-fragment "
            + "500000")
    long targetRows;

    @Option(names = "--deletion-threshold", paramLabel = "X", defaultValue = "0.1",
        description = "Rewrite fragments whose deleted share reaches X (0..1). "
            + "Example: --deletion-threshold 0.2")
    double threshold;

    @Option(names = "--no-materialize-deletions", description = "Leave fragments with deleted "
        + "rows alone. Example: --no-materialize-deletions")
    boolean keepDeletions;

    @Override
    public Integer call() {
      try (Dataset ds = Support.open(uri); Dataset after = ds.compact(
          new CompactionOptions(targetRows, !keepDeletions, threshold))) {
        System.out.println(after.version());
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "cleanup", sortOptions = false,
      description = {"Delete versions older than a duration (never the latest) and the files "
          + "only they use, plus uncommitted files (of failed or stopped workers) older than it.",
          "",
          "CAUTION: files that workers are still writing, or wrote and have not committed yet, "
              + "are not referenced by any version. They are kept while they are younger than "
              + "--older-than, and deleted once older: then the commit of those workers fails. "
              + "So choose --older-than longer than your longest write-fragments / merge-columns "
              + "job plus its commit, and do not run `cleanup --older-than 0s` while a "
              + "distributed write is under way. --dry-run lists what would go.", "",
          "Example: lance4j cleanup /shared/ds --older-than 7d",
          "Example: lance4j cleanup /shared/ds --older-than 1h --dry-run", ""})
  static final class Cleanup implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URI", description = "Dataset path. Example: ./ds")
    String uri;

    @Option(names = "--older-than", paramLabel = "DURATION", defaultValue = "7d",
        description = "Age like 7d, 12h, 30m, 45s, 0s or ISO-8601 (PT1H). Default 7d. "
            + "Example: --older-than 1d")
    String olderThan;

    @Option(names = "--dry-run", description = "Only list the versions and files that would be "
        + "deleted (local datasets); delete nothing. Example: --dry-run")
    boolean dryRun;

    @Override
    public Integer call() throws java.io.IOException {
      Duration age = duration(olderThan);
      if (dryRun) {
        CleanupPlan.print(uri, age);
        return ExitCodes.OK;
      }
      try (Dataset ds = Support.open(uri)) {
        org.lance4j.CleanupStats s = ds.cleanupOldVersions(age);
        System.out.println("removed " + s.manifestsRemoved() + " old version(s), "
            + s.dataFilesRemoved() + " data file(s), " + s.deletionFilesRemoved()
            + " deletion file(s), " + Progress.bytes(s.bytesRemoved()));
      }
      return ExitCodes.OK;
    }
  }

  static Duration duration(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 'd' -> Duration.ofDays(n);
        case 'h' -> Duration.ofHours(n);
        case 'm' -> Duration.ofMinutes(n);
        case 's' -> Duration.ofSeconds(n);
        default -> throw new IllegalArgumentException();
      };
    } catch (RuntimeException e) {
      throw Errors.invalid("--older-than '" + s + "' is not a duration",
          "use 7d, 12h, 30m, 45s or ISO-8601 like PT1H");
    }
  }

}
