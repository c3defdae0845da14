package xinlian.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * A real Neo4j 5.26 for xinlian's tests and benchmarks (neo4j-harness, in-process).
 *
 * Usage: java -jar xinlian-neo4j-test-server.jar [--port N] [--dir PATH]
 *   --port  Bolt port on 127.0.0.1; 0 or absent = a free port chosen here.
 *   --dir   working directory for the temporary store (default: a new temp dir).
 *
 * Prints exactly one line "NEO4J_READY bolt://127.0.0.1:PORT" on stdout once Bolt
 * accepts connections. Auth is off and HTTP is disabled: the server is only ever
 * reachable from this machine. Stops cleanly on SIGTERM/SIGINT (shutdown hook) or
 * when stdin reaches end-of-file, so a parent that dies without signalling still
 * takes the server with it.
 */
public final class TestServer {
  private TestServer() {}

  public static void main(String[] args) throws Exception {
    int port = 0;
    Path dir = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(requireValue(args, ++i, "--port"));
        case "--dir" -> dir = Path.of(requireValue(args, ++i, "--dir"));
        default -> {
          System.err.println("unknown argument: " + args[i] + " (usage: [--port N] [--dir PATH])");
          System.exit(2);
        }
      }
    }
    if (port < 0 || port > 65535) {
      System.err.println("--port must be in [0, 65535], got " + port);
      System.exit(2);
    }
    if (port == 0) port = freePort();
    final boolean ownDir = dir == null;
    final Path workDir = ownDir ? Files.createTempDirectory("xinlian-neo4j-") : dir;
    Files.createDirectories(workDir);

    Neo4j neo4j = Neo4jBuilders.newInProcessBuilder(workDir)
        .withDisabledServer()
        .withConfig(BoltConnector.enabled, true)
        .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
        .withConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
        .withConfig(GraphDatabaseSettings.auth_enabled, false)
        .build();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        neo4j.close();
        // The harness removes its store folder; remove the temp dir we made around it.
        if (ownDir) deleteTree(workDir);
      } finally {
        stopped.countDown();
      }
    }, "neo4j-shutdown"));

    System.out.println("NEO4J_READY bolt://127.0.0.1:" + port);
    System.out.flush();

    // Stdin EOF means the parent went away: exit, which runs the shutdown hook.
    Thread stdinWatch = new Thread(() -> {
      InputStream in = System.in;
      byte[] buf = new byte[256];
      try {
        while (in.read(buf) >= 0) {
          // Input is ignored; only its end matters.
        }
      } catch (IOException ignored) {
        // A broken stdin is the same as a closed one.
      }
      System.exit(0);
    }, "stdin-watch");
    stdinWatch.setDaemon(true);
    stdinWatch.start();
    stopped.await();
  }

  private static String requireValue(String[] args, int i, String flag) {
    if (i >= args.length) {
      System.err.println(flag + " needs a value");
      System.exit(2);
    }
    return args[i];
  }

  private static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // Best effort: a leftover temp dir is harmless.
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }
}
