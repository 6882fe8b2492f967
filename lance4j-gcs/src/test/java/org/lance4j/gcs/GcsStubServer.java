package org.lance4j.gcs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.lance4j.StorageOptions;

/**
 * A stub of the GCS JSON API on 127.0.0.1 (JDK HttpServer), for the requests lance4j-gcs makes:
 * multipart and resumable uploads (honouring {@code ifGenerationMatch=0} atomically), object
 * metadata, ranged media downloads, one-level paginated listings, deletes. It records every
 * request, and can be told to answer the next conditional upload with a 503 after storing it
 * (the "answer lost after the write" case). Not an emulator of GCS: a test double whose
 * precondition handling is ours, so tests over it check what lance4j-gcs sends and how it
 * settles the answers, not GCS itself.
 */
final class GcsStubServer implements AutoCloseable {
  /** One request as received. */
  record Request(String method, String path, Map<String, String> query,
      Map<String, String> headers, int bodyBytes) {}

  private record Obj(byte[] data, long generation, Map<String, String> metadata,
      Instant updated) {}

  private final HttpServer server;
  private final ObjectMapper json = new ObjectMapper();
  private final TreeMap<String, Obj> objects = new TreeMap<>(); // "bucket/name"
  private final Map<String, ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> uploadMeta = new ConcurrentHashMap<>();
  private final Map<String, String> uploadPrecondition = new ConcurrentHashMap<>();
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong generations = new AtomicLong(1000);
  private final AtomicInteger failAfterWrite = new AtomicInteger();
  private final AtomicInteger ids = new AtomicInteger();

  GcsStubServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newFixedThreadPool(16, r -> {
      Thread t = new Thread(r, "gcs-stub");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Options that reach this stub (no credentials; lance4j's endpoint key). */
  StorageOptions options() {
    return StorageOptions.of(Map.of("lance4j.gcs.endpoint", endpoint(),
        "google_skip_signature", "true", "lance4j.gcs.retry_delay", "20ms"));
  }

  List<Request> requests() {
    synchronized (requests) {
      return new ArrayList<>(requests);
    }
  }

  /** The next {@code n} conditional uploads are stored, then answered 503. */
  void failNextConditionalUploadsAfterWriting(int n) {
    failAfterWrite.set(n);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null) {
      return q;
    }
    for (String kv : raw.split("&")) {
      int i = kv.indexOf('=');
      String k = decode(i < 0 ? kv : kv.substring(0, i));
      q.put(k, i < 0 ? "" : decode(kv.substring(i + 1)));
    }
    return q;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      Map<String, String> q = query(ex.getRequestURI().getRawQuery());
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
      byte[] body = ex.getRequestBody().readAllBytes();
      if (headers.getOrDefault("Content-Encoding", "").contains("gzip")) {
        body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))
            .readAllBytes();
      }
      requests.add(new Request(ex.getRequestMethod(), decode(path), q, headers, body.length));
      String method = ex.getRequestMethod();
      String[] seg = path.split("/");
      // /upload/storage/v1/b/{bucket}/o   /storage/v1/b/{bucket}/o[/{object}]
      // /download/storage/v1/b/{bucket}/o/{object}
      int b = indexOf(seg, "b");
      if (b < 0 || b + 2 >= seg.length || !seg[b + 2].equals("o")) {
        error(ex, 400, "unexpected path " + path);
        return;
      }
      String bucket = decode(seg[b + 1]);
      String object = b + 3 < seg.length ? decode(String.join("/",
          java.util.Arrays.copyOfRange(seg, b + 3, seg.length))) : null;
      boolean upload = path.startsWith("/upload/");
      if (upload && method.equals("POST")) {
        String type = q.getOrDefault("uploadType", "");
        if (type.equals("multipart")) {
          multipart(ex, bucket, q, headers, body);
        } else if (type.equals("resumable")) {
          String id = "u" + ids.incrementAndGet();
          uploads.put(id, new ByteArrayOutputStream());
          ObjectNode meta = body.length == 0 ? json.createObjectNode()
              : (ObjectNode) json.readTree(body);
          if (!meta.has("name")) {
            meta.put("name", q.get("name"));
          }
          uploadMeta.put(id, meta);
          if (q.containsKey("ifGenerationMatch")) {
            uploadPrecondition.put(id, q.get("ifGenerationMatch"));
          }
          ex.getResponseHeaders().set("Location", endpoint() + "/upload/storage/v1/b/"
              + seg[b + 1] + "/o?uploadType=resumable&upload_id=" + id);
          ex.sendResponseHeaders(200, -1);
        } else {
          error(ex, 400, "uploadType " + type);
        }
        return;
      }
      if (upload && method.equals("PUT")) {
        resumableChunk(ex, bucket, q.get("upload_id"), headers, body);
        return;
      }
      if (object == null && method.equals("GET")) {
        list(ex, bucket, q);
        return;
      }
      String key = bucket + "/" + object;
      Obj o;
      synchronized (objects) {
        o = objects.get(key);
      }
      switch (method) {
        case "GET" -> {
          if (o == null) {
            error(ex, 404, "No such object: " + key);
          } else if ("media".equals(q.get("alt"))) {
            media(ex, o, headers.get("Range"));
          } else {
            send(ex, 200, resource(bucket, object, o));
          }
        }
        case "DELETE" -> {
          boolean gone;
          synchronized (objects) {
            gone = objects.remove(key) != null;
          }
          if (gone) {
            ex.sendResponseHeaders(204, -1);
          } else {
            error(ex, 404, "No such object: " + key);
          }
        }
        default -> error(ex, 405, method);
      }
    } catch (RuntimeException e) {
      error(ex, 500, e.toString());
    }
  }

  private static int indexOf(String[] seg, String s) {
    for (int i = 0; i + 1 < seg.length; i++) {
      if (seg[i].equals(s) && i >= 1 && seg[i - 1].equals("v1")) {
        return i;
      }
    }
    return -1;
  }

  /** Stores an object unless the precondition fails; the answer (or null after 412). */
  private ObjectNode store(HttpExchange ex, String bucket, ObjectNode meta, byte[] data,
      String ifGenerationMatch) throws IOException {
    String name = meta.get("name").asText();
    Map<String, String> md = new LinkedHashMap<>();
    if (meta.has("metadata")) {
      meta.get("metadata").fields().forEachRemaining(e -> md.put(e.getKey(),
          e.getValue().asText()));
    }
    Obj o = new Obj(data, generations.incrementAndGet(), md, Instant.now());
    synchronized (objects) {
      if ("0".equals(ifGenerationMatch) && objects.containsKey(bucket + "/" + name)) {
        error(ex, 412, "At least one of the pre-conditions you specified did not hold.");
        return null;
      }
      objects.put(bucket + "/" + name, o);
    }
    if (ifGenerationMatch != null && failAfterWrite.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      error(ex, 503, "injected after the write");
      return null;
    }
    return resource(bucket, name, o);
  }

  private void multipart(HttpExchange ex, String bucket, Map<String, String> q,
      Map<String, String> headers, byte[] body) throws IOException {
    String ct = headers.getOrDefault("Content-Type", "");
    int bi = ct.indexOf("boundary=");
    if (bi < 0) {
      error(ex, 400, "no multipart boundary in " + ct);
      return;
    }
    String boundary = ct.substring(bi + 9).replace("\"", "").split(";")[0].trim();
    byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<byte[]> parts = new ArrayList<>();
    int pos = find(body, delim, 0);
    while (pos >= 0) {
      int start = pos + delim.length;
      if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
        break;
      }
      int next = find(body, delim, start);
      if (next < 0) {
        break;
      }
      int headEnd = find(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
      int end = next - 2; // CRLF before the delimiter
      parts.add(java.util.Arrays.copyOfRange(body, headEnd + 4, Math.max(headEnd + 4, end)));
      pos = next;
    }
    if (parts.size() != 2) {
      error(ex, 400, "expected 2 multipart parts, got " + parts.size() + " (" + ct + ", "
          + headers + ", " + new String(body, 0, Math.min(body.length, 300),
          StandardCharsets.ISO_8859_1) + ")");
      return;
    }
    ObjectNode meta = (ObjectNode) json.readTree(parts.get(0));
    ObjectNode r = store(ex, bucket, meta, parts.get(1), q.get("ifGenerationMatch"));
    if (r != null) {
      send(ex, 200, r);
    }
  }

  private static int find(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = from; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private void resumableChunk(HttpExchange ex, String bucket, String id,
      Map<String, String> headers, byte[] body) throws IOException {
    ByteArrayOutputStream buf = id == null ? null : uploads.get(id);
    if (buf == null) {
      error(ex, 404, "no upload " + id);
      return;
    }
    // Content-Range: bytes a-b/total, bytes a-b/*, bytes */total
    String cr = headers.getOrDefault("Content-Range", "");
    String total = cr.substring(cr.lastIndexOf('/') + 1);
    synchronized (buf) {
      if (!cr.startsWith("bytes */")) {
        long a = Long.parseLong(cr.substring(6, cr.indexOf('-')));
        if (a != buf.size()) {
          error(ex, 400, "chunk at " + a + ", have " + buf.size());
          return;
        }
      }
      buf.write(body);
      if (total.equals("*")) {
        if (buf.size() > 0) {
          ex.getResponseHeaders().set("Range", "bytes=0-" + (buf.size() - 1));
        }
        ex.sendResponseHeaders(308, -1);
        return;
      }
    }
    uploads.remove(id);
    ObjectNode r = store(ex, bucket, uploadMeta.remove(id), buf.toByteArray(),
        uploadPrecondition.remove(id));
    if (r != null) {
      send(ex, 200, r);
    }
  }

  private void media(HttpExchange ex, Obj o, String range) throws IOException {
    long size = o.data.length;
    long a = 0;
    long b = size - 1;
    if (range != null && range.startsWith("bytes=")) {
      String[] r = range.substring(6).split("-", -1);
      a = Long.parseLong(r[0]);
      if (!r[1].isEmpty()) {
        b = Math.min(size - 1, Long.parseLong(r[1]));
      }
      if (a >= size) {
        ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
        error(ex, 416, "Request range not satisfiable");
        return;
      }
      ex.getResponseHeaders().set("Content-Range", "bytes " + a + "-" + b + "/" + size);
    }
    ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
    ex.getResponseHeaders().set("x-goog-generation", Long.toString(o.generation));
    int n = (int) (b - a + 1);
    ex.sendResponseHeaders(range != null ? 206 : 200, n == 0 ? -1 : n);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(o.data, (int) a, n);
    }
  }

  private void list(HttpExchange ex, String bucket, Map<String, String> q) throws IOException {
    String prefix = q.getOrDefault("prefix", "");
    String delimiter = q.get("delimiter");
    int max = Integer.parseInt(q.getOrDefault("maxResults", "1000"));
    String from = q.getOrDefault("pageToken", q.getOrDefault("startOffset", ""));
    boolean exclusive = q.containsKey("pageToken");
    ObjectNode out = json.createObjectNode().put("kind", "storage#objects");
    ArrayNode items = out.putArray("items");
    ArrayNode prefixes = out.putArray("prefixes");
    java.util.Set<String> seenPrefixes = new java.util.TreeSet<>();
    int count = 0;
    String last = null;
    synchronized (objects) {
      NavigableMap<String, Obj> tail = objects.tailMap(bucket + "/" + prefix, true);
      for (Map.Entry<String, Obj> e : tail.entrySet()) {
        if (!e.getKey().startsWith(bucket + "/" + prefix)) {
          break;
        }
        String name = e.getKey().substring(bucket.length() + 1);
        if (name.compareTo(from) < 0 || (exclusive && name.equals(from))) {
          continue;
        }
        if (count >= max) {
          out.put("nextPageToken", last);
          break;
        }
        String rest = name.substring(prefix.length());
        if (delimiter != null && rest.contains(delimiter)) {
          String p = prefix + rest.substring(0, rest.indexOf(delimiter) + 1);
          if (seenPrefixes.add(p)) {
            prefixes.add(p);
          }
        } else {
          items.add(resource(bucket, name, e.getValue()));
          count++;
        }
        last = name;
      }
    }
    send(ex, 200, out);
  }

  private ObjectNode resource(String bucket, String name, Obj o) {
    ObjectNode r = json.createObjectNode().put("kind", "storage#object")
        .put("id", bucket + "/" + name + "/" + o.generation).put("bucket", bucket)
        .put("name", name).put("size", Long.toString(o.data.length))
        .put("generation", Long.toString(o.generation)).put("metageneration", "1")
        .put("contentType", "application/octet-stream")
        .put("updated", o.updated.toString()).put("timeCreated", o.updated.toString());
    if (!o.metadata.isEmpty()) {
      ObjectNode m = r.putObject("metadata");
      o.metadata.forEach(m::put);
    }
    return r;
  }

  private void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] b = json.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  private void error(HttpExchange ex, int status, String message) throws IOException {
    ObjectNode e = json.createObjectNode();
    ObjectNode err = e.putObject("error").put("code", status).put("message", message);
    err.putArray("errors").addObject().put("message", message).put("reason",
        status == 412 ? "conditionNotMet" : status == 404 ? "notFound" : "backendError");
    send(ex, status, e);
  }
}
