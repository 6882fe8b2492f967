package org.lance4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.Dataset;

/** Small helpers shared by the commands. */
final class Support {
  private Support() {}

  /** Reads an Arrow schema in Arrow Java's JSON form ({@code Schema.toJson()}). */
  static Schema readSchema(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString());
    }
    String json = Files.readString(file, StandardCharsets.UTF_8);
    try {
      return Schema.fromJSON(json);
    } catch (IOException | RuntimeException e) {
      throw Errors.invalid("--schema " + file + " is not an Arrow JSON schema: "
          + firstLine(e.getMessage()),
          "write it like {\"fields\":[{\"name\":\"a\",\"nullable\":true,\"type\":{\"name\":\"int\","
              + "\"bitWidth\":64,\"isSigned\":true},\"children\":[]}]} (see lance4j-cli/README.md)");
    }
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /**
   * Writes text to a local file or an object store URI (the worker outputs of a job whose
   * steps share only the bucket), or to stdout when {@code name} is null.
   */
  static void writeOutput(String name, String text) throws IOException {
    if (name != null && RemoteFiles.isRemote(name)) {
      RemoteFiles.write(name, (text + "\n").getBytes(StandardCharsets.UTF_8));
      return;
    }
    writeOutput(name == null ? null : Path.of(name), text);
  }

  /** Writes text to a file atomically (temp file + rename), or to stdout when file is null. */
  static void writeOutput(Path file, String text) throws IOException {
    if (file == null) {
      System.out.println(text);
      return;
    }
    Path abs = file.toAbsolutePath();
    if (abs.getParent() != null) {
      Files.createDirectories(abs.getParent());
    }
    Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp" + ProcessHandle.current().pid());
    Files.writeString(tmp, text + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Parses NAME=SQL pairs. */
  static Map<String, String> expressions(List<String> exprs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String e : exprs) {
      int eq = e.indexOf('=');
      if (eq <= 0 || eq == e.length() - 1) {
        throw Errors.invalid("--expr '" + e + "' is not NAME=SQL_EXPRESSION",
            "write it like --expr 'name_len=length(name)'");
      }
      String name = e.substring(0, eq).trim();
      if (out.put(name, e.substring(eq + 1).trim()) != null) {
        throw Errors.invalid("--expr names column '" + name + "' twice", "use distinct names");
      }
    }
    return out;
  }

  /** Fragment ids of {@code ds} this worker handles: explicit ids, a K/N shard, or all. */
  static List<Long> fragmentIds(Dataset ds, List<Long> ids, String shard) {
    if (ids != null && !ids.isEmpty() && shard != null) {
      throw Errors.invalid("--fragments and --shard are mutually exclusive", "pass only one");
    }
    if (ids != null && !ids.isEmpty()) {
      for (Long id : ids) {
        ds.fragment(id);
      }
      return ids;
    }
    List<Long> all = new ArrayList<>();
    ds.fragments().forEach(f -> all.add(f.id()));
    if (shard == null) {
      return all;
    }
    int[] kn = shard(shard);
    List<Long> mine = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (i % kn[1] == kn[0]) {
        mine.add(all.get(i));
      }
    }
    return mine;
  }

  /** Parses "K/N" with 0 <= K < N. */
  static int[] shard(String s) {
    String[] parts = s.split("/");
    try {
      int k = Integer.parseInt(parts[0].trim());
      int n = Integer.parseInt(parts[1].trim());
      if (parts.length == 2 && n > 0 && k >= 0 && k < n) {
        return new int[] {k, n};
      }
    } catch (RuntimeException e) {
      // fall through
    }
    throw Errors.invalid("--shard '" + s + "' is not K/N with 0 <= K < N",
        "e.g. --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT");
  }

  /** Opens the latest version with the invocation's storage options. */
  static Dataset open(String uri) {
    return open(uri, null, null);
  }

  /**
   * Where the data files of {@code uri} live: the dataset itself, or with {@code --branch} the
   * branch's directory ({@code tree/NAME/}, which must exist).
   */
  static String dataUri(String uri) {
    if (Storage.branch() == null) {
      return uri;
    }
    try (Dataset branch = open(uri)) {
      return branch.uri();
    }
  }

  /** Opens a dataset at a version (null = latest). */
  static Dataset open(String uri, Long version) {
    return open(uri, version, null);
  }

  /** The latest version, a given one, or the one a tag names (not both). */
  static Dataset open(String uri, Long version, String tag) {
    if (version != null && tag != null) {
      throw Errors.invalid("--version " + version + " and --tag " + tag + " both name a version",
          "pass one of them");
    }
    org.lance4j.OpenOptions.Builder b = Storage.open();
    if (tag != null) {
      b.tag(tag);
    } else if (version != null) {
      b.version(version);
    }
    return Dataset.open(uri, b.build());
  }
}
