package org.lance4j.cli;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.lance4j.FragmentMetadata;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceSchema;

/**
 * What one worker hands to {@code commit}. {@code write-fragments} writes a plain JSON array of
 * pylance {@code FragmentMetadata.to_json()} objects (a single object is accepted too).
 * {@code merge-columns} and worker-mode {@code delete} write an object that also carries what the
 * commit needs besides the fragments:
 *
 * <pre>
 * {"lance4j_worker_output": 1, "operation": "merge", "read_version": 3,
 *  "schema": {"lance_proto": "BASE64 of the Lance schema protobuf (field ids)", "arrow": {...}},
 *  "fragments": [ to_json objects ]}
 * {"lance4j_worker_output": 1, "operation": "delete", "read_version": 3, "predicate": "...",
 *  "fragments": [ updated fragments ], "deleted_fragment_ids": [ ids ]}
 * </pre>
 */
record WorkerOutput(String file, String operation, Long readVersion, LanceSchema schema,
    String predicate, List<FragmentMetadata> fragments, List<Long> deletedFragmentIds) {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  /** Parses one worker file. */
  static WorkerOutput read(String file) throws IOException {
    String text;
    if (RemoteFiles.isRemote(file)) {
      text = new String(RemoteFiles.read(file), StandardCharsets.UTF_8);
    } else {
      Path p = Path.of(file);
      if (!Files.isRegularFile(p)) {
        throw new NoSuchFileException(file);
      }
      text = Files.readString(p, StandardCharsets.UTF_8);
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (IOException e) {
      throw new InvalidInputException(file + ": not valid JSON: "
          + Support.firstLine(e.getMessage()));
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidInputException(file + ": empty file (expected fragment JSON)");
    }
    try {
      if (root.isArray()) {
        return new WorkerOutput(file, null, null, null, null, fragments(root), List.of());
      }
      if (root.isObject() && root.has("lance4j_worker_output")) {
        LanceSchema schema = null;
        JsonNode s = root.path("schema").path("lance_proto");
        if (s.isTextual()) {
          schema = LanceSchema.fromBytes(Base64.getDecoder().decode(s.textValue()));
        }
        List<Long> deleted = new ArrayList<>();
        root.path("deleted_fragment_ids").forEach(n -> deleted.add(n.longValue()));
        return new WorkerOutput(file, root.path("operation").asText(null),
            root.has("read_version") ? root.get("read_version").longValue() : null, schema,
            root.path("predicate").asText(null), fragments(root.path("fragments")), deleted);
      }
      if (root.isObject()) {
        return new WorkerOutput(file, null, null, null, null,
            List.of(FragmentMetadata.fromJson(root.toString())), List.of());
      }
    } catch (InvalidInputException | IllegalArgumentException e) {
      throw new InvalidInputException(file + ": " + e.getMessage());
    }
    throw new InvalidInputException(file + ": expected a JSON array of fragments or a fragment "
        + "object");
  }

  private static List<FragmentMetadata> fragments(JsonNode array) {
    List<FragmentMetadata> out = new ArrayList<>();
    for (JsonNode n : array) {
      out.add(FragmentMetadata.fromJson(n.toString()));
    }
    return out;
  }

  /** The JSON a merge-columns or delete worker writes. */
  String toJson() throws IOException {
    ObjectNode o = JSON.createObjectNode();
    o.put("lance4j_worker_output", 1);
    o.put("operation", operation);
    o.put("read_version", readVersion);
    if (schema != null) {
      ObjectNode s = o.putObject("schema");
      s.put("lance_proto", Base64.getEncoder().encodeToString(schema.toBytes()));
      s.set("arrow", JSON.readTree(schema.toArrow().toJson()));
    }
    if (predicate != null) {
      o.put("predicate", predicate);
    }
    o.set("fragments", JSON.readTree(FragmentMetadata.toJsonArray(fragments)));
    if (operation != null && operation.equals("delete")) {
      ArrayNode ids = o.putArray("deleted_fragment_ids");
      deletedFragmentIds.forEach(ids::add);
    }
    return JSON.writeValueAsString(o);
  }
}
