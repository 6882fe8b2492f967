package org.lance4j.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * The seeded mutators of the corruption fuzz suite: byte-level corruptions of a file (bit flips,
 * interesting integers, truncation, deletion, insertion, copies; biased towards the tail, where
 * Lance files and manifests keep their metadata) and structural mutations of fragment JSON.
 */
final class FuzzMutations {
  private FuzzMutations() {}

  static final long[] INTERESTING = {0, 1, -1, 7, 8, 255, 4096, Integer.MAX_VALUE,
      0xFFFF_FFFFL, 1L << 32, 0xFFFF_FFFF_FFFFL, Long.MAX_VALUE, Long.MIN_VALUE};

  /** A corrupted copy of {@code b} and a description of what was done. */
  static byte[] mutate(byte[] b, Random r, StringBuilder what) {
    byte[] out = b.clone();
    int tailBias = r.nextInt(3); // metadata lives at the end of Lance files and manifests
    int n = out.length;
    switch (r.nextInt(7)) {
      case 0 -> {
        int k = 1 + r.nextInt(4);
        for (int i = 0; i < k; i++) {
          int at = pos(n, r, tailBias);
          int bit = r.nextInt(8);
          out[at] ^= (byte) (1 << bit);
          what.append("flip bit ").append(bit).append(" at ").append(at).append("; ");
        }
      }
      case 1 -> {
        int at = pos(n, r, tailBias);
        out[at] = (byte) r.nextInt(256);
        what.append("byte at ").append(at).append(" := ").append(out[at]).append("; ");
      }
      case 2 -> {
        int at = Math.max(0, Math.min(n - 8, pos(n, r, tailBias) & ~7));
        long v = INTERESTING[r.nextInt(INTERESTING.length)];
        int width = r.nextBoolean() ? 8 : 4;
        for (int i = 0; i < width && at + i < n; i++) {
          out[at + i] = (byte) (v >>> (8 * i));
        }
        what.append("u").append(8 * width).append(" at ").append(at).append(" := ").append(v);
      }
      case 3 -> {
        int len = r.nextInt(n);
        what.append("truncate to ").append(len);
        return java.util.Arrays.copyOf(out, len);
      }
      case 4 -> {
        int at = pos(n, r, tailBias);
        int len = 1 + r.nextInt(Math.min(64, n - at));
        byte[] cut = new byte[n - len];
        System.arraycopy(out, 0, cut, 0, at);
        System.arraycopy(out, at + len, cut, at, n - at - len);
        what.append("delete ").append(len).append(" bytes at ").append(at);
        return cut;
      }
      case 5 -> {
        int at = pos(n, r, tailBias);
        int len = 1 + r.nextInt(16);
        byte[] ins = new byte[n + len];
        System.arraycopy(out, 0, ins, 0, at);
        for (int i = 0; i < len; i++) {
          ins[at + i] = (byte) r.nextInt(256);
        }
        System.arraycopy(out, at, ins, at + len, n - at);
        what.append("insert ").append(len).append(" bytes at ").append(at);
        return ins;
      }
      default -> {
        int from = pos(n, r, tailBias);
        int to = pos(n, r, tailBias);
        int len = Math.min(1 + r.nextInt(32), Math.min(n - from, n - to));
        System.arraycopy(b, from, out, to, len);
        what.append("copy ").append(len).append(" bytes ").append(from).append(" -> ").append(to);
      }
    }
    return out;
  }

  static int pos(int n, Random r, int tailBias) {
    if (tailBias == 0 || n <= 256) {
      return r.nextInt(n);
    }
    return n - 1 - r.nextInt(Math.min(n, tailBias == 1 ? 256 : 4096));
  }

  static final Object[] JSON_VALUES = {0, 1, -1, 2, 3, 99, 499, 501, 1000, 4_294_967_296L,
      Long.MAX_VALUE, "", "..", "../x.lance", "a/b.lance", "x\u0000.lance", "null"};

  static String mutateJson(ObjectMapper json, String text, Random r, StringBuilder what) {
    try {
      if (r.nextInt(5) == 0) { // raw text mutation
        byte[] b = mutate(text.getBytes(StandardCharsets.UTF_8), r, what);
        return new String(b, StandardCharsets.UTF_8);
      }
      JsonNode root = json.readTree(text);
      List<JsonNode> containers = new ArrayList<>();
      collect(root, containers);
      int k = 1 + r.nextInt(2);
      for (int m = 0; m < k; m++) {
        JsonNode c = containers.get(r.nextInt(containers.size()));
        if (c instanceof ObjectNode o) {
          List<String> keys = new ArrayList<>();
          o.fieldNames().forEachRemaining(keys::add);
          String key = keys.get(r.nextInt(keys.size()));
          if (key.equals("deletion_file") && r.nextBoolean()) {
            ObjectNode del = JsonNodeFactory.instance.objectNode();
            del.put("file_type", r.nextBoolean() ? "array" : "bitmap");
            del.put("read_version", r.nextInt(5));
            del.put("id", r.nextInt(5));
            del.put("num_deleted_rows", (int) pick(r, new Object[] {0, 1, 499, 500, 501}));
            o.set(key, del);
            what.append(key).append(" := ").append(del).append("; ");
          } else {
            Object v = JSON_VALUES[r.nextInt(JSON_VALUES.length)];
            o.set(key, json.valueToTree(v));
            what.append(key).append(" := ").append(v).append("; ");
          }
        } else if (c instanceof ArrayNode a && a.size() > 0) {
          int op = r.nextInt(3);
          if (op == 0 && a.size() > 1) {
            JsonNode first = a.remove(0);
            a.add(first);
            what.append("rotate array; ");
          } else if (op == 1) {
            a.add(a.get(r.nextInt(a.size())).deepCopy());
            what.append("duplicate array element; ");
          } else {
            a.remove(r.nextInt(a.size()));
            what.append("drop array element; ");
          }
        }
      }
      return "[" + json.writeValueAsString(root) + (r.nextInt(10) == 0 ? ", " + text : "")
          + "]";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Object pick(Random r, Object[] from) {
    return from[r.nextInt(from.length)];
  }

  static void collect(JsonNode n, List<JsonNode> out) {
    if (n.isContainerNode()) {
      out.add(n);
      for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
        collect(it.next(), out);
      }
    }
  }
}
