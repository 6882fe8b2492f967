package org.lance4j.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of an object store's test server (S3Proxy, Azurite; shared
 * by the provider modules' tests through this module's test-jar) that, while armed, lets a conditional PUT ({@code If-None-Match}) of a path ending in a given suffix
 * reach the server, waits until the server has answered (so the write happened), and then cuts
 * the client's connection instead of forwarding the answer: the "response lost after the write"
 * that makes the SDK retry and get a conflict (412 on S3, 409 BlobAlreadyExists on Azure) for its own
 * object. It can also answer 503 itself, and hold requests (a slow store). Everything else passes
 * through untouched. Bounded: it
 * serves this machine only and stops when closed.
 */
public final class DroppingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress upstream;
  private final AtomicInteger toDrop = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();
  private final AtomicInteger conditionalPuts = new AtomicInteger();
  private final AtomicInteger awsChunked = new AtomicInteger();
  private final AtomicInteger toRefuse = new AtomicInteger();
  private volatile String refuseSuffix = "";
  private final AtomicInteger refused = new AtomicInteger();
  private volatile String keySuffix = "";
  private final AtomicInteger toSlow = new AtomicInteger();
  private final AtomicInteger slowed = new AtomicInteger();
  private volatile String slowSuffix = "";
  private volatile long slowMillis;
  private volatile boolean closed;
  private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder>
      requests = new java.util.concurrent.ConcurrentHashMap<>();

  public DroppingProxy(URI upstreamEndpoint) throws IOException {
    upstream = new InetSocketAddress(upstreamEndpoint.getHost(), upstreamEndpoint.getPort());
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "dropping-proxy");
    t.setDaemon(true);
    t.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** The next {@code n} conditional PUTs of keys ending in {@code suffix} lose their answer. */
  public void dropNextConditionalPuts(int n, String suffix) {
    keySuffix = suffix;
    toDrop.set(n);
  }

  /**
   * The next {@code n} conditional PUTs of keys ending in {@code suffix} are answered 503 SlowDown
   * by the proxy itself: they never reach the server.
   */
  public void refuseNextConditionalPuts(int n, String suffix) {
    refuseSuffix = suffix;
    toRefuse.set(n);
  }

  /**
   * The next {@code n} requests (any method) for paths ending in {@code suffix} are held for
   * {@code millis} before they go on to the server: a slow store. A client whose timeout is
   * shorter gives up (and its SDK retries), while the held request still reaches the server.
   */
  public void slowNextRequests(int n, String suffix, long millis) {
    slowSuffix = suffix;
    slowMillis = millis;
    toSlow.set(n);
  }

  /**
   * Requests that passed through so far, by kind: the HTTP method, except that a GET whose query
   * asks for a listing ({@code list-type=} on S3, {@code comp=list} on Azure) counts as
   * {@code LIST}. What a test or the benchmark asserts request economy with.
   */
  public java.util.Map<String, Long> requestCounts() {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    requests.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Requests of one kind (see {@link #requestCounts()}) so far. */
  public long requests(String kind) {
    java.util.concurrent.atomic.LongAdder n = requests.get(kind);
    return n == null ? 0 : n.sum();
  }

  /** Starts the counts of {@link #requestCounts()} over. */
  public void resetCounts() {
    requests.clear();
  }

  static String kind(String method, String query) {
    if (method.equals("GET") && query != null
        && (query.contains("list-type=") || query.contains("comp=list"))) {
      return "LIST";
    }
    return method;
  }

  /** Requests held so far. */
  public int slowed() {
    return slowed.get();
  }

  /** Requests answered 503 so far. */
  public int refused() {
    return refused.get();
  }

  /** Conditional PUTs (If-None-Match) seen so far, dropped or not. */
  public int conditionalPuts() {
    return conditionalPuts.get();
  }

  /**
   * Requests so far whose body was sent aws-chunked (SigV4 streaming, {@code
   * x-amz-content-sha256: STREAMING-...}), which lance4j's S3 client does not use.
   */
  public int awsChunkedBodies() {
    return awsChunked.get();
  }

  /** Answers dropped so far. */
  public int dropped() {
    return dropped.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Thread t = new Thread(() -> serve(client), "dropping-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client; Socket up = new Socket()) {
      up.connect(upstream, 5_000);
      Drop drop = new Drop();
      Thread back = new Thread(() -> pumpResponses(up, client, drop), "dropping-proxy-back");
      back.setDaemon(true);
      back.start();
      InputStream in = new java.io.BufferedInputStream(client.getInputStream());
      OutputStream out = up.getOutputStream();
      while (true) {
        byte[] head = readHead(in);
        if (head == null) {
          return;
        }
        String h = new String(head, StandardCharsets.ISO_8859_1);
        String lower = h.toLowerCase(Locale.ROOT);
        String requestLine = h.substring(0, h.indexOf("\r\n"));
        String target = requestLine.split(" ")[1];
        int q = target.indexOf('?');
        // the Azure SDK sends the '/' inside blob names as %2F
        String pathPart = (q < 0 ? target : target.substring(0, q)).replace("%2F", "/")
            .replace("%2f", "/");
        String method = requestLine.substring(0, requestLine.indexOf(' '));
        requests.computeIfAbsent(kind(method, q < 0 ? null : target.substring(q + 1)),
            k -> new java.util.concurrent.atomic.LongAdder()).increment();
        boolean conditional = requestLine.startsWith("PUT ")
            && lower.contains("\r\nif-none-match:");
        if (conditional) {
          conditionalPuts.incrementAndGet();
        }
        if (lower.contains("\r\nx-amz-content-sha256: streaming-")) {
          awsChunked.incrementAndGet();
        }
        if (conditional && pathPart.endsWith(refuseSuffix)
            && toRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          refused.incrementAndGet();
          refuse(client, in, lower);
          return;
        }
        if (conditional && pathPart.endsWith(keySuffix)
            && toDrop.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          drop.armed = true; // set before the request goes on: its final answer is discarded
        }
        long length = contentLength(lower);
        if (pathPart.endsWith(slowSuffix) && toSlow.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          slowed.incrementAndGet();
          // take the whole request first (the client may give up meanwhile), then hold it
          ByteArrayOutputStream body = new ByteArrayOutputStream();
          if (!lower.contains("\r\nexpect: 100-continue")) {
            copy(in, body, length);
            length = 0;
          }
          try {
            Thread.sleep(slowMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          out.write(head);
          body.writeTo(out);
        } else {
          out.write(head);
        }
        copy(in, out, length);
        out.flush();
        if (lower.contains("transfer-encoding: chunked")) {
          throw new IOException("chunked requests are not expected from the SDK here");
        }
      }
    } catch (IOException e) {
      // connection over
    }
  }

  /** Answers 503 without involving the server, then closes the connection. */
  private static void refuse(Socket client, InputStream in, String lowerHead) throws IOException {
    if (!lowerHead.contains("\r\nexpect: 100-continue")) {
      copy(in, OutputStream.nullOutputStream(), contentLength(lowerHead));
    } // else: a final answer instead of 100 Continue, and the client does not send the body
    byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
        + "<Message>injected by the test proxy</Message></Error>")
        .getBytes(StandardCharsets.UTF_8);
    OutputStream out = client.getOutputStream();
    out.write(("HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: "
        + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    client.shutdownOutput();
  }

  /** Whether the next final response on a connection is to be discarded. */
  private static final class Drop {
    volatile boolean armed;
  }

  /**
   * Server to client. While nothing is armed, bytes pass through as they come. Once armed (the
   * targeted request is on its way, and earlier answers were fully read by the client, which
   * sends its next request only then), interim 100-continue answers are still forwarded, and the
   * first final answer is read from the server and then both connections are cut.
   */
  private void pumpResponses(Socket up, Socket client, Drop drop) {
    try {
      InputStream in = up.getInputStream();
      OutputStream out = client.getOutputStream();
      byte[] buf = new byte[64 << 10];
      ByteArrayOutputStream pending = new ByteArrayOutputStream();
      while (true) {
        int n = in.read(buf);
        if (n < 0) {
          client.shutdownOutput();
          return;
        }
        if (!drop.armed) {
          out.write(buf, 0, n);
          out.flush();
          continue;
        }
        pending.write(buf, 0, n);
        while (true) {
          byte[] p = pending.toByteArray();
          String s = new String(p, StandardCharsets.ISO_8859_1);
          if (s.length() < 12) {
            break;
          }
          if (s.startsWith("HTTP/1.1 100")) {
            int end = s.indexOf("\r\n\r\n");
            if (end < 0) {
              break;
            }
            out.write(p, 0, end + 4);
            out.flush();
            pending.reset();
            pending.write(p, end + 4, p.length - end - 4);
            continue;
          }
          // the final answer: the write has happened; the client never hears of it
          dropped.incrementAndGet();
          client.setSoLinger(true, 0); // a reset, like a dropped connection
          client.close();
          up.close();
          return;
        }
      }
    } catch (IOException e) {
      try {
        client.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  private static long contentLength(String lowerHead) {
    int i = lowerHead.indexOf("\r\ncontent-length:");
    if (i < 0) {
      return 0;
    }
    int end = lowerHead.indexOf("\r\n", i + 2);
    return Long.parseLong(lowerHead.substring(i + 17, end).trim());
  }

  private static void copy(InputStream in, OutputStream out, long n) throws IOException {
    byte[] buf = new byte[64 << 10];
    while (n > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (r < 0) {
        throw new IOException("client closed mid-body");
      }
      out.write(buf, 0, r);
      n -= r;
    }
  }

  /** A request head up to and including the blank line, or null at end of stream. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int state = 0;
    while (true) {
      int c = in.read();
      if (c < 0) {
        return null;
      }
      b.write(c);
      state = switch (state) {
        case 0 -> c == '\r' ? 1 : 0;
        case 1 -> c == '\n' ? 2 : c == '\r' ? 1 : 0;
        case 2 -> c == '\r' ? 3 : 0;
        case 3 -> c == '\n' ? 4 : c == '\r' ? 1 : 0;
        default -> 0;
      };
      if (state == 4) {
        return b.toByteArray();
      }
      if (b.size() > 1 << 20) {
        throw new IOException("request head too large");
      }
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
  }
}
