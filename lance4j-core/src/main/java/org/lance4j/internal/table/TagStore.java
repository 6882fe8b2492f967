package org.lance4j.internal.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.lance4j.CorruptFileException;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceIOException;
import org.lance4j.Tag;
import org.lance4j.storage.ObjectStore;

/**
 * Tags as Lance stores them: one JSON object per tag at {@code _refs/tags/{name}.json} with
 * camelCase keys ({@code branch}, {@code version}, {@code manifestSize}, and as current Lance
 * adds, {@code createdAt}, {@code updatedAt} as RFC 3339 and {@code metadata}). Creation is a
 * put-if-absent, so two concurrent creates of one name cannot both succeed.
 */
public final class TagStore {
  static final String DIR = "_refs/tags";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,255}");

  private TagStore() {}

  public static List<Tag> list(ObjectStore store, String dataset) {
    List<Tag> out = new ArrayList<>();
    try {
      for (String file : store.list(DIR)) {
        if (file.endsWith(".json")) {
          String name = file.substring(0, file.length() - 5);
          Tag t = read(store, dataset, name);
          if (t != null) {
            out.add(t);
          }
        }
      }
    } catch (IOException e) {
      throw new LanceIOException("cannot list the tags of " + dataset, e);
    }
    out.sort(Comparator.comparing(Tag::name));
    return out;
  }

  public static Tag get(ObjectStore store, String dataset, String name) {
    check(name);
    Tag t = read(store, dataset, name);
    if (t == null) {
      throw new InvalidInputException("dataset " + dataset + " has no tag '" + name + "'");
    }
    return t;
  }

  public static Tag create(ObjectStore store, String dataset, String name, long version) {
    check(name);
    long size = manifestSize(store, dataset, version);
    Instant now = Instant.now();
    Tag tag = new Tag(name, version, null, size, now, now, Map.of());
    ObjectStore.PutResult put;
    try {
      put = AtomicPut.put(store, path(name), encode(tag));
    } catch (IOException e) {
      throw new LanceIOException("cannot write tag '" + name + "' of " + dataset, e);
    }
    if (put == ObjectStore.PutResult.ALREADY_EXISTS) {
      throw new InvalidInputException("tag '" + name + "' of " + dataset + " already exists ("
          + "version " + get(store, dataset, name).version() + "); update or delete it first");
    }
    return tag;
  }

  public static Tag update(ObjectStore store, String dataset, String name, long version) {
    Tag old = get(store, dataset, name);
    long size = manifestSize(store, dataset, version);
    Tag tag = new Tag(name, version, old.branch(), size, old.createdAt(), Instant.now(),
        old.metadata());
    try {
      store.put(path(name), encode(tag));
    } catch (IOException e) {
      throw new LanceIOException("cannot write tag '" + name + "' of " + dataset, e);
    }
    return tag;
  }

  public static void delete(ObjectStore store, String dataset, String name) {
    get(store, dataset, name);
    try {
      store.delete(path(name));
    } catch (IOException e) {
      throw new LanceIOException("cannot delete tag '" + name + "' of " + dataset, e);
    }
  }

  /** The versions tags name (what cleanup must keep). */
  static List<Long> taggedVersions(ObjectStore store, String dataset) {
    return list(store, dataset).stream().filter(t -> t.branch() == null).map(Tag::version)
        .toList();
  }

  private static String path(String name) {
    return DIR + "/" + name + ".json";
  }

  private static void check(String name) {
    if (name == null || !NAME.matcher(name).matches() || name.startsWith(".")
        || name.contains("..") || name.endsWith(".lock")) {
      throw new InvalidInputException("invalid tag name '" + name + "': use 1-255 letters, "
          + "digits, '.', '_' or '-', not starting with '.', without '..', not ending in "
          + "'.lock'");
    }
  }

  private static long manifestSize(ObjectStore store, String dataset, long version) {
    String path = ManifestNaming.list(store).pathOf(version);
    if (path == null) {
      throw new InvalidInputException("dataset " + dataset + " has no version " + version
          + " to tag");
    }
    try {
      return store.size(path);
    } catch (IOException e) {
      throw new LanceIOException("cannot read " + path + " of " + dataset, e);
    }
  }

  private static byte[] encode(Tag t) {
    ObjectNode o = JSON.createObjectNode();
    o.putNull("branch");
    if (t.branch() != null) {
      o.put("branch", t.branch());
    }
    o.put("version", t.version());
    if (t.createdAt() != null) {
      o.put("createdAt", t.createdAt().toString());
    }
    if (t.updatedAt() != null) {
      o.put("updatedAt", t.updatedAt().toString());
    }
    o.put("manifestSize", t.manifestSize());
    ObjectNode md = o.putObject("metadata");
    t.metadata().forEach(md::put);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Tag read(ObjectStore store, String dataset, String name) {
    String path = path(name);
    byte[] bytes;
    try {
      if (!store.exists(path)) {
        return null;
      }
      ByteBuffer b = store.readAll(path);
      bytes = new byte[b.remaining()];
      b.get(bytes);
    } catch (IOException e) {
      throw new LanceIOException("cannot read tag " + path + " of " + dataset, e);
    }
    try {
      JsonNode n = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
      if (n == null || !n.path("version").canConvertToExactIntegral()
          || n.path("version").asLong() < 1) {
        throw new CorruptFileException("tag file " + path + " of " + dataset
            + " has no valid \"version\"");
      }
      Map<String, String> md = new LinkedHashMap<>();
      n.path("metadata").fields().forEachRemaining(e -> md.put(e.getKey(), e.getValue().asText()));
      JsonNode branch = n.path("branch");
      return new Tag(name, n.get("version").asLong(),
          branch.isTextual() ? branch.asText() : null, n.path("manifestSize").asLong(0),
          instant(n.path("createdAt")), instant(n.path("updatedAt")), md);
    } catch (IOException | DateTimeParseException e) {
      throw new CorruptFileException("tag file " + path + " of " + dataset + " is not valid: "
          + e.getMessage());
    }
  }

  private static Instant instant(JsonNode n) {
    return n.isTextual() ? OffsetDateTime.parse(n.asText()).toInstant() : null;
  }
}
