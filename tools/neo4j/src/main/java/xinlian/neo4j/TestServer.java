package xinlian.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.cli.AdminTool;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;

/**
 * A real Neo4j 5.26 for xinlian's tests and benchmarks (neo4j-harness, in-process).
 *
 * Usage: java -jar xinlian-neo4j-test-server.jar [--port N] [--dir PATH] [--pagecache SIZE] [--auth USER:PASSWORD]
 *                                                 [--import CSVDIR [--import-wait SECONDS]] [--exit-when-ready]
 *   --port       Bolt port on 127.0.0.1; 0 or absent = a free port chosen here.
 *   --dir        working directory for the temporary store (default: a new temp dir).
 *   --pagecache  page cache size, e.g. 512m or 2g (default 1g). The harness default
 *                is 8 MiB, which makes a 100k-firm import evict pages on every batch;
 *                the cache is allocated as pages are touched, so a small test store
 *                costs little.
 *   --auth       turn authentication on with this user and password (password at
 *                least 8 characters, Neo4j's minimum), for tests of rejected
 *                credentials. Default: auth off.
 *   --import     before Neo4j starts, fill its (new, empty) store with
 *                `neo4j-admin database import full` of the files in CSVDIR, whose
 *                options are the lines of CSVDIR/neo4j-admin-import.args (written by
 *                xinlian's bulk writer, src/io/neo4j/bulk.ts). The import tool runs in
 *                this process (its AdminTool entry point) into DIR/import-home/data,
 *                which then becomes the server's data directory; its progress goes to
 *                stderr. A store that already holds the database is refused. Then the
 *                statements of CSVDIR/constraints.cypher (if present; one per `;`-ended
 *                line) run on the imported database before the ready line, so its
 *                constraints and indexes are online when clients are told it is ready.
 *   --import-wait  wait up to SECONDS for CSVDIR/neo4j-admin-import.args, which the bulk
 *                writer renames into place after every other file: the JVM starts (and
 *                loads its classes) while the files are still being written. Default 0:
 *                the file must be there.
 *   --exit-when-ready  shut down right after the ready line (the class-data-sharing
 *                training run of build.sh).
 *
 * Prints exactly one line "NEO4J_READY bolt://127.0.0.1:PORT" on stdout once Bolt
 * accepts connections (and, with --auth, once the user exists). HTTP is disabled:
 * the server is only ever reachable from this machine.
 *
 * Settings for a throw-away test store: checkpoints are not throttled (the iops limit
 * exists to spare a production disk) and come every 1 GiB of log rather than 250 MiB,
 * since the store is deleted on exit anyway; durability per commit is unchanged. Stops cleanly on SIGTERM/SIGINT (shutdown hook) or
 * when stdin reaches end-of-file, so a parent that dies without signalling still
 * takes the server with it.
 */
public final class TestServer {
  private TestServer() {}

  public static void main(String[] args) throws Exception {
    int port = 0;
    Path dir = null;
    long pageCache = 1L << 30;
    String authUser = null;
    String authPassword = null;
    Path importDir = null;
    long importWaitSeconds = 0;
    boolean exitWhenReady = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(requireValue(args, ++i, "--port"));
        case "--dir" -> dir = Path.of(requireValue(args, ++i, "--dir"));
        case "--import" -> importDir = Path.of(requireValue(args, ++i, "--import"));
        case "--exit-when-ready" -> exitWhenReady = true;
        case "--import-wait" -> importWaitSeconds = parseSeconds(requireValue(args, ++i, "--import-wait"));
        case "--pagecache" -> pageCache = parseSize(requireValue(args, ++i, "--pagecache"));
        case "--auth" -> {
          String v = requireValue(args, ++i, "--auth");
          int colon = v.indexOf(':');
          if (colon <= 0 || colon == v.length() - 1) usage("--auth needs USER:PASSWORD, got '" + v + "'");
          authUser = v.substring(0, colon);
          authPassword = v.substring(colon + 1);
          if (authPassword.length() < 8) usage("--auth: Neo4j requires a password of at least 8 characters");
        }
        default -> {
          System.err.println("unknown argument: " + args[i] + " (usage: " + USAGE + ")");
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

    // Stdin EOF means the parent went away: exit (running the shutdown hook once there is one),
    // also while waiting for or running an import.
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
    if (!exitWhenReady) stdinWatch.start();

    List<String> schema = List.of();
    Path importedData = null;
    if (importDir != null) {
      Path argsFile = awaitManifest(importDir, importWaitSeconds);
      schema = schemaStatements(importDir.resolve(SCHEMA_FILE));
      importedData = bulkImport(argsFile, workDir.resolve("import-home"));
    }

    Neo4jBuilder builder = Neo4jBuilders.newInProcessBuilder(workDir)
        .withDisabledServer()
        .withConfig(BoltConnector.enabled, true)
        .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
        .withConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
        .withConfig(GraphDatabaseSettings.auth_enabled, authUser != null)
        .withConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
        .withConfig(GraphDatabaseSettings.check_point_iops_limit, -1)
        .withConfig(GraphDatabaseSettings.check_point_interval_volume, 1L << 30);
    // The harness puts its store under a random folder of workDir; an imported store is used where it was written.
    // (The harness never creates its own folder then, and the store-file watcher, which watches it, is turned off.)
    if (importedData != null) {
      builder = builder.withConfig(GraphDatabaseSettings.data_directory, importedData)
          .withConfig(GraphDatabaseSettings.filewatcher_enabled, false);
    }
    Neo4j neo4j = builder.build();
    if (!schema.isEmpty()) createSchema(neo4j.defaultDatabaseService(), schema);

    if (authUser != null) {
      // The embedded API runs with full privileges, so the user is set up through the
      // system database before Bolt clients are told the server is ready. The built-in
      // user is "neo4j" (password "neo4j", change required): give it the password, or
      // create the named user. Values travel as parameters.
      var system = neo4j.databaseManagementService().database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
      String cypher = authUser.equals("neo4j")
          ? "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED"
          : "CREATE USER $user IF NOT EXISTS SET PASSWORD $password CHANGE NOT REQUIRED";
      system.executeTransactionally(cypher, Map.of("user", authUser, "password", authPassword));
    }

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
    if (exitWhenReady) System.exit(0);

    stopped.await();
  }

  private static final String USAGE = "[--port N] [--dir PATH] [--pagecache SIZE] [--auth USER:PASSWORD] [--import CSVDIR [--import-wait SECONDS]] [--exit-when-ready]";

  /** The file of neo4j-admin options in an --import folder, one per line; written last. */
  static final String ARGS_FILE = "neo4j-admin-import.args";
  /** Cypher run on the imported database before the ready line, one statement per `;`-terminated line. */
  static final String SCHEMA_FILE = "constraints.cypher";

  /**
   * The options file of CSVDIR, waiting up to `seconds` for it to appear (the bulk
   * writer renames it into place once every other file is complete, so the JVM can
   * start while the files are written). Exits with status 3 when it does not come.
   */
  private static Path awaitManifest(Path csvDir, long seconds) throws InterruptedException {
    Path argsFile = csvDir.resolve(ARGS_FILE);
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!Files.isRegularFile(argsFile)) {
      if (System.nanoTime() >= deadline) {
        fail(seconds == 0
            ? "--import: " + argsFile + " is missing (write the folder with xinlian's bulk writer)"
            : "--import: " + argsFile + " did not appear within " + seconds + " s (xinlian's bulk writer writes it last, once every CSV file is complete)");
      }
      Thread.sleep(5);
    }
    return argsFile;
  }

  /** The statements of a schema file (absent: none). */
  private static List<String> schemaStatements(Path file) throws IOException {
    List<String> statements = new ArrayList<>();
    if (!Files.isRegularFile(file)) return statements;
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(file)) {
      current.append(line).append('\n');
      if (line.stripTrailing().endsWith(";")) {
        String s = current.toString().strip();
        statements.add(s.substring(0, s.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) fail("--import: " + file + " ends with a statement without ';'");
    return statements;
  }

  /**
   * The imported database's constraints and indexes, created here before the ready line
   * (no Bolt round trips, and the JVM is already warm from the import). Exits with
   * status 3 when a statement fails.
   */
  private static void createSchema(GraphDatabaseService db, List<String> statements) {
    long started = System.nanoTime();
    StringBuilder each = new StringBuilder();
    for (String statement : statements) {
      long t = System.nanoTime();
      try {
        db.executeTransactionally(statement);
      } catch (RuntimeException e) {
        fail("--import: creating the schema failed at `" + statement + "`: " + e.getMessage());
      }
      each.append(each.length() == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - t) / 1e9));
    }
    // One line (parsed by src/io/neo4j/test-server.ts): the total, then each statement's seconds in file order.
    System.err.printf(java.util.Locale.ROOT, "NEO4J_SCHEMA %d statements in %.1f s: %s%n", statements.size(), (System.nanoTime() - started) / 1e9, each);
  }

  /**
   * Runs `neo4j-admin database import full` (in this process) with the options of
   * `argsFile` into a new Neo4j home; returns its data directory. Exits with status 3
   * and a message on stderr when the target store exists or the import fails.
   */
  private static Path bulkImport(Path argsFile, Path home) throws IOException {
    Path data = home.resolve("data").toAbsolutePath();
    Path store = data.resolve("databases").resolve("neo4j");
    if (Files.isDirectory(store)) {
      try (var entries = Files.list(store)) {
        if (entries.findAny().isPresent()) fail("--import: the target store " + store + " already holds a database; the bulk import only fills an empty one");
      }
    }
    Files.createDirectories(home.resolve("conf"));
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("database", "import", "full"));
    for (String line : Files.readAllLines(argsFile)) {
      if (!line.isBlank()) cmd.add(line);
    }
    cmd.add("--report-file=" + home.resolve("import.report").toAbsolutePath());
    cmd.add("neo4j");
    long started = System.nanoTime();
    int code;
    // stdout carries only the ready line: the import tool reports on stderr.
    try (var fs = new DefaultFileSystemAbstraction()) {
      code = AdminTool.execute(new ExecutionContext(home.toAbsolutePath(), home.resolve("conf").toAbsolutePath(), System.err, System.err, fs), cmd.toArray(String[]::new));
    }
    if (code != 0) fail("--import: neo4j-admin database import full exited with status " + code + " (its report: " + home.resolve("import.report") + ")");
    System.err.printf(java.util.Locale.ROOT, "NEO4J_IMPORTED in %.1f s%n", (System.nanoTime() - started) / 1e9);
    return data;
  }

  private static void fail(String message) {
    System.err.println(message);
    System.exit(3);
  }

  private static void usage(String message) {
    System.err.println(message + " (usage: " + USAGE + ")");
    System.exit(2);
  }

  /** A whole number of seconds ≥ 0. */
  private static long parseSeconds(String v) {
    try {
      long n = Long.parseLong(v.trim());
      if (n >= 0) return n;
    } catch (NumberFormatException ignored) {
      // reported below
    }
    usage("--import-wait needs a whole number of seconds ≥ 0, got '" + v + "'");
    return 0;
  }

  /** "512m", "2g", "1048576" → bytes. */
  private static long parseSize(String v) {
    String s = v.trim().toLowerCase(java.util.Locale.ROOT);
    long unit = 1;
    if (s.endsWith("k")) unit = 1L << 10;
    else if (s.endsWith("m")) unit = 1L << 20;
    else if (s.endsWith("g")) unit = 1L << 30;
    if (unit != 1) s = s.substring(0, s.length() - 1);
    try {
      long n = Long.parseLong(s);
      if (n > 0) return n * unit;
    } catch (NumberFormatException ignored) {
      // reported below
    }
    usage("--pagecache needs a size like 512m or 2g, got '" + v + "'");
    return 0;
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
