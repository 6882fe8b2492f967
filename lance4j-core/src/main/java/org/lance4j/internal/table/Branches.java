package org.lance4j.internal.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.lance4j.Branch;
import org.lance4j.CorruptFileException;
import org.lance4j.DatasetAlreadyExistsException;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceIOException;
import org.lance4j.StorageOptions;
import org.lance4j.internal.storage.ObjectStores;
import org.lance4j.proto.TableProtos;
import org.lance4j.storage.ObjectStore;

/**
 * Branches as lance-core 7.0.0 lays them out. A branch is a dataset at
 * {@code {root}/tree/{name}/} whose first version is a shallow clone of the version it starts
 * from (same version number, {@code branch = name}, a new base path {@code {id, name: parent
 * branch, is_dataset_root: true, path: parent's URI}} and that {@code base_id} on every data
 * and deletion file and index that had none), plus {@code _refs/branches/{name}.json} in the
 * root ({@code parentBranch}, {@code parentVersion}, {@code createAt} in seconds,
 * {@code manifestSize}). Commits to a branch are ordinary commits at its URI.
 */
public final class Branches {
  static final String DIR = "_refs/branches";
  public static final String TREE = "tree";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,255}");

  private Branches() {}

  /** The URI of branch {@code name} of the dataset at root URI {@code root}. */
  public static String uri(String root, String name) {
    check(name);
    String r = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    return r + "/" + TREE + "/" + name;
  }

  /** The root URI of a dataset opened at {@code uri} whose manifest says {@code branch}. */
  public static String rootUri(String uri, TableProtos.Manifest m) {
    if (!m.hasBranch() || m.getBranch().isEmpty()) {
      return uri;
    }
    String r = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    String suffix = "/" + TREE + "/" + m.getBranch();
    if (!r.endsWith(suffix)) {
      throw new InvalidInputException("dataset " + uri + " is branch '" + m.getBranch()
          + "' but is not at {root}" + suffix);
    }
    return r.substring(0, r.length() - suffix.length());
  }

  static void check(String name) {
    if (name == null || !NAME.matcher(name).matches() || name.equals(".")
        || name.equals("..")) {
      throw new InvalidInputException("invalid branch name '" + name + "': use 1 to 255 of"
          + " A-Z a-z 0-9 . _ -");
    }
  }

  /** Every branch recorded in the root store, by name. */
  public static List<Branch> list(ObjectStore root) {
    List<Branch> out = new ArrayList<>();
    try {
      for (String file : root.list(DIR)) {
        if (file.endsWith(".json")) {
          out.add(read(root, file.substring(0, file.length() - 5)));
        }
      }
    } catch (IOException e) {
      throw new LanceIOException("cannot list the branches of " + root.root(), e);
    }
    out.sort(Comparator.comparing(Branch::name));
    return out;
  }

  private static Branch read(ObjectStore root, String name) throws IOException {
    String path = DIR + "/" + name + ".json";
    ByteBuffer b = root.readAll(path);
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    try {
      JsonNode n = JSON.readTree(bytes);
      JsonNode parent = n.get("parentBranch");
      return new Branch(name, parent == null || parent.isNull() ? null : parent.asText(),
          n.path("parentVersion").asLong(), Instant.ofEpochSecond(n.path("createAt").asLong()),
          n.path("manifestSize").asLong());
    } catch (IOException e) {
      throw new CorruptFileException("branch file " + root.root() + "/" + path
          + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Creates branch {@code name} from {@code version} of the dataset at {@code sourceUri} (the
   * root, or branch {@code sourceBranch} of it); returns the branch's URI.
   */
  public static String create(ObjectStore rootStore, String rootUri, String sourceUri,
      String sourceBranch, long version, String name, StorageOptions options) {
    check(name);
    String refPath = DIR + "/" + name + ".json";
    try {
      if (rootStore.exists(refPath)) {
        throw new DatasetAlreadyExistsException("branch '" + name + "' of " + rootUri
            + " already exists");
      }
    } catch (IOException e) {
      throw new LanceIOException("cannot read the branches of " + rootUri, e);
    }
    String branchUri = uri(rootUri, name);
    try (ObjectStore source = ObjectStores.forUri(sourceUri, options);
        ObjectStore target = ObjectStores.forUri(branchUri, options)) {
      ManifestNaming.Listing listing = ManifestNaming.list(source);
      String path = listing.pathOf(version);
      if (path == null) {
        throw new InvalidInputException("cannot create branch '" + name + "' from version "
            + version + " of " + sourceUri + ": no such version (latest " + listing.latest()
            + ")");
      }
      TableProtos.Manifest m = ManifestFiles.read(source, path);
      byte[] indexSection = ManifestFiles.readIndexSection(source, path, m);
      int baseId = 0;
      for (TableProtos.BasePath b : m.getBasePathsList()) {
        baseId = Math.max(baseId, b.getId() + 1);
      }
      TableProtos.Manifest.Builder c = m.toBuilder().clearFragments()
          .clearTransactionFile().clearTransactionSection().clearIndexSection()
          .setBranch(name)
          .setReaderFeatureFlags(m.getReaderFeatureFlags() | Versions.FLAG_BASE_PATHS)
          .setWriterFeatureFlags(m.getWriterFeatureFlags() | Versions.FLAG_BASE_PATHS);
      TableProtos.BasePath.Builder base = TableProtos.BasePath.newBuilder().setId(baseId)
          .setIsDatasetRoot(true).setPath(sourceUri);
      if (sourceBranch != null) {
        base.setName(sourceBranch);
      }
      c.addBasePaths(base);
      for (TableProtos.DataFragment f : m.getFragmentsList()) {
        TableProtos.DataFragment.Builder fb = f.toBuilder();
        for (int i = 0; i < fb.getFilesCount(); i++) {
          if (!fb.getFiles(i).hasBaseId()) {
            fb.setFiles(i, fb.getFiles(i).toBuilder().setBaseId(baseId));
          }
        }
        if (fb.hasDeletionFile() && !fb.getDeletionFile().hasBaseId()) {
          fb.setDeletionFile(fb.getDeletionFile().toBuilder().setBaseId(baseId));
        }
        c.addFragments(fb);
      }
      if (indexSection != null) {
        TableProtos.IndexSection s = IndexCarry.parse(indexSection, sourceUri);
        TableProtos.IndexSection.Builder sb = s.toBuilder();
        for (int i = 0; i < sb.getIndicesCount(); i++) {
          if (!sb.getIndices(i).hasBaseId()) {
            sb.setIndices(i, sb.getIndices(i).toBuilder().setBaseId(baseId));
          }
        }
        indexSection = sb.build().toByteArray();
      }
      ManifestFiles.Framed framed = ManifestFiles.frame(c.build(), indexSection, null);
      String manifestPath = ManifestNaming.path(listing.scheme(), version);
      if (AtomicPut.put(target, manifestPath, framed.bytes())
          == ObjectStore.PutResult.ALREADY_EXISTS) {
        throw new DatasetAlreadyExistsException("branch '" + name + "' of " + rootUri
            + " already has version " + version + " (" + branchUri + ")");
      }
      VersionHint.write(target, version);
      ObjectNode json = JSON.createObjectNode();
      if (sourceBranch == null) {
        json.putNull("parentBranch");
      } else {
        json.put("parentBranch", sourceBranch);
      }
      json.put("parentVersion", version);
      json.put("createAt", Instant.now().getEpochSecond());
      json.put("manifestSize", framed.bytes().length);
      if (AtomicPut.put(rootStore, refPath, JSON.writerWithDefaultPrettyPrinter()
          .writeValueAsString(json).getBytes(StandardCharsets.UTF_8))
          == ObjectStore.PutResult.ALREADY_EXISTS) {
        throw new DatasetAlreadyExistsException("branch '" + name + "' of " + rootUri
            + " already exists");
      }
    } catch (IOException e) {
      throw new LanceIOException("cannot create branch '" + name + "' of " + rootUri, e);
    }
    return branchUri;
  }
}
