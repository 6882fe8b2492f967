package org.lance4j.azure;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.lance4j.StorageOptions;

/**
 * JUnit extension: one Azurite Blob service (npm {@code azurite}, installed by the build from
 * {@code src/test/node} into {@code target/node}) for the whole test run, on 127.0.0.1 and a
 * free port, in-memory, stopped when the run ends. Without node or the installed package the
 * tests that use it are skipped, saying why. Each test takes its own container.
 */
final class Azurite implements BeforeAllCallback {
  private static final AtomicInteger CONTAINERS = new AtomicInteger();
  private static volatile Server server;
  private static volatile String unavailable;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    // the root store closes its resources when the whole run ends
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Azurite.class, k -> {
          try {
            return start();
          } catch (Exception e) {
            throw new IllegalStateException("cannot start Azurite", e);
          }
        });
    if (unavailable != null && !warned) {
      // surefire counts a class skipped in beforeAll as 0 tests and shows no reason: say it
      warned = true;
      System.err.println("[lance4j-azure] " + unavailable);
    }
    Assumptions.assumeTrue(unavailable == null, () -> unavailable);
  }

  private static volatile boolean warned;

  /** The running server (only in tests with this extension, after it started). */
  static Server get() {
    Assumptions.assumeTrue(server != null, () -> unavailable != null ? unavailable
        : "Azurite has not been started: the test class needs @ExtendWith(Azurite.class)");
    return server;
  }

  private static synchronized Object start() throws Exception {
    if (server != null || unavailable != null) {
      return server != null ? server : new Object();
    }
    String dir = System.getProperty("lance4j.azure.nodeDir",
        Path.of("target", "node").toAbsolutePath().toString());
    Path main = Path.of(dir, "node_modules", "azurite", "dist", "src", "blob", "main.js");
    String node = which("node");
    if (node == null) {
      unavailable = "node is not installed: skipping the Azure tests that need Azurite (install"
          + " Node.js 18+ and rebuild; the build installs Azurite with npm from src/test/node)";
      return new Object();
    }
    if (!Files.isRegularFile(main)) {
      unavailable = "Azurite is not installed in " + dir + " (the build installs it with npm ci"
          + " from lance4j-azure/src/test/node; was it skipped with -Dlance4j.azure.skipNpm?):"
          + " skipping the Azure tests that need it";
      return new Object();
    }
    server = new Server(node, main);
    return server;
  }

  private static String which(String exe) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String d : path.split(File.pathSeparator)) {
      File f = new File(d, exe);
      if (f.isFile() && f.canExecute()) {
        return f.getPath();
      }
    }
    return null;
  }

  /** A running Azurite; closed (the process killed) with the root extension store. */
  static final class Server implements ExtensionContext.Store.CloseableResource {
    final int port;
    private final Process process;
    private final Path log;

    Server(String node, Path main) throws Exception {
      int p;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        p = s.getLocalPort();
      }
      port = p;
      log = Files.createTempFile("lance4j-azurite", ".log");
      List<String> cmd = new ArrayList<>(List.of(node, main.toString(),
          "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port),
          "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent"));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      pb.directory(Files.createTempDirectory("lance4j-azurite").toFile());
      process = pb.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        if (!process.isAlive()) {
          throw new IOException("Azurite exited with " + process.exitValue() + ": "
              + Files.readString(log));
        }
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
          break;
        } catch (IOException notYet) {
          if (System.nanoTime() > deadline) {
            process.destroyForcibly();
            throw new IOException("Azurite did not listen on 127.0.0.1:" + port + " within 60s: "
                + Files.readString(log));
          }
          Thread.sleep(50);
        }
      }
      Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    String endpoint() {
      return "http://127.0.0.1:" + port + "/" + AzureSettings.EMULATOR_ACCOUNT;
    }

    /** Storage options that reach this server (Lance's key names). */
    StorageOptions options() {
      return StorageOptions.of(Map.of(
          "azure_storage_account_name", AzureSettings.EMULATOR_ACCOUNT,
          "azure_storage_account_key", AzureSettings.EMULATOR_KEY,
          "azure_storage_endpoint", endpoint(),
          "allow_http", "true"));
    }

    /** A new, empty container. */
    String newContainer() {
      String name = "c" + ProcessHandle.current().pid() + "-" + CONTAINERS.incrementAndGet();
      AzureSettings s = AzureSettings.of("az://" + name, options(), Map.of());
      new AzureObjectStoreProvider().service(s.client()).createBlobContainer(name);
      return name;
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
