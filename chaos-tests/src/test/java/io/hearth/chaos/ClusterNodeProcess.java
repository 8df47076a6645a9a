package io.hearth.chaos;

import io.hearth.node.it.PromApiClient;
import io.hearth.node.process.JvmLauncher;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One cluster member as a separate OS process: the same classes as this test JVM, started with
 * {@code io.hearth.node.cli.Main run}. The node keeps its name, ports and data directory across
 * restarts, so that a kill -9 or a SIGTERM can be followed by a start on the same state. Each
 * incarnation logs (stdout and stderr) to its own file under the test's log directory.
 */
public final class ClusterNodeProcess implements AutoCloseable {
  /** Processes still running when the test JVM exits are killed, whatever happened to the test. */
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (Process p : LIVE) p.destroyForcibly();
    }, "chaos-process-reaper"));
  }

  private static String classPath;

  /**
   * The test JVM's classpath, with class directories (the reactor modules' target/classes) copied
   * once per test JVM: a build running beside the tests then cannot change the classes under a
   * node that is starting.
   */
  static synchronized String classPath() {
    if (classPath != null) return classPath;
    String[] entries = System.getProperty("java.class.path").split(java.io.File.pathSeparator);
    // one snapshot per test JVM (two test runs may share target/); snapshots of JVMs that are gone are removed
    Path base = ChaosCluster.baseDir().toAbsolutePath();
    Path snapshot = base.resolve("classpath-" + ProcessHandle.current().pid());
    try (java.util.stream.Stream<Path> old = Files.isDirectory(base) ? Files.list(base) : java.util.stream.Stream.empty()) {
      for (Path o : (Iterable<Path>) old::iterator) {
        String n = o.getFileName().toString();
        if (n.equals("classpath") || n.startsWith("classpath-") && !n.equals(snapshot.getFileName().toString())
            && ProcessHandle.of(Long.parseLong(n.substring("classpath-".length()))).map(ProcessHandle::isAlive).orElse(false) == false) {
          ChaosCluster.deleteRecursively(o);
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // best effort
    }
    for (int attempt = 0; ; attempt++) {
      List<String> before = fingerprint(entries);
      ChaosCluster.deleteRecursively(snapshot);
      List<String> out = new ArrayList<>();
      int i = 0;
      for (String e : entries) {
        Path p = Path.of(e);
        if (Files.isDirectory(p) && !p.endsWith("test-classes")) {
          Path copy = snapshot.resolve(Integer.toString(i++));
          copyTree(p, copy);
          out.add(copy.toString());
        } else {
          out.add(e);
        }
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
      // a build compiling beside us changed the classes while they were copied: copy again
      if (before.equals(fingerprint(entries)) || attempt >= 30) {
        classPath = String.join(java.io.File.pathSeparator, out);
        return classPath;
      }
    }
  }

  private static List<String> fingerprint(String[] entries) {
    List<String> f = new ArrayList<>();
    for (String e : entries) {
      Path p = Path.of(e);
      if (!Files.isDirectory(p) || p.endsWith("test-classes")) continue;
      try (java.util.stream.Stream<Path> files = Files.walk(p)) {
        files.filter(Files::isRegularFile).sorted().forEach(x -> {
          try {
            f.add(x + ":" + Files.size(x) + ":" + Files.getLastModifiedTime(x).toMillis());
          } catch (IOException gone) {
            f.add(x + ":gone");
          }
        });
      } catch (IOException | java.io.UncheckedIOException ex) {
        f.add(p + ":unreadable");
      }
    }
    return f;
  }

  private static void copyTree(Path from, Path to) {
    try (java.util.stream.Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          try {
            Files.copy(f, target);
          } catch (java.nio.file.NoSuchFileException gone) {
            // deleted by a concurrent build: the fingerprint check copies again
          }
        }
      }
    } catch (IOException | java.io.UncheckedIOException ex) {
      // a concurrent build removed a directory while it was walked: the fingerprint check copies again
    }
  }

  public final String name;
  public final int webPort;
  public final int discoveryPort;
  public final Path dataDir;
  private final Path logDir;
  private final List<String> peers;
  private final Path configFile;
  private final List<String> extraArgs = new ArrayList<>();
  /** The node jar of another build to run (e.g. the previous release), or null for this build's classes. */
  private volatile Path jar;
  private volatile Process process;
  private int incarnation;
  private volatile Path log;

  /**
   * @param peers discovery addresses ({@code 127.0.0.1:PORT}) passed as {@code --cluster.peers};
   *     empty for a single node without clustering
   */
  public ClusterNodeProcess(String name, int webPort, int discoveryPort, Path dataDir, Path logDir, List<String> peers, Path configFile) {
    this.name = name;
    this.webPort = webPort;
    this.discoveryPort = discoveryPort;
    this.dataDir = dataDir;
    this.logDir = logDir;
    this.peers = List.copyOf(peers);
    this.configFile = configFile;
  }

  /** This node's launcher: this build's classes (a snapshot of them) or the jar set by {@link #runningJar}. */
  public JvmLauncher launcher() {
    List<String> args = new ArrayList<>(List.of("run", "--web.listen-address=127.0.0.1:" + webPort,
        "--cluster.listen-address=127.0.0.1:" + discoveryPort, "--cluster.node-name=" + name,
        "--web.enable-admin-api")); // baseline add/remove
    if (!peers.isEmpty()) args.add("--cluster.peers=" + String.join(",", peers));
    args.addAll(List.of("--cluster.replication-factor=2", "--cluster.partitions=16", "--storage.tsdb.path=" + dataDir,
        "--storage.ignite.region-size=96MB", "--config.file=" + configFile));
    args.addAll(extraArgs);
    return JvmLauncher.hearth().heap("384m").jvmOptions("-XX:+ExitOnOutOfMemoryError")
        .classPath(jar != null ? jar.toString() : classPath()).args(args);
  }

  /**
   * Later starts run the node jar of another build ({@code io.hearth.node.cli.Main} of a shaded
   * jar, e.g. the previous release), or this build's classes again when {@code jar} is null. The
   * flags stay the same: they must be ones both builds know.
   */
  public ClusterNodeProcess runningJar(Path jar) {
    this.jar = jar;
    return this;
  }

  /** Adds flags (e.g. {@code --cluster.tls.*}) to every later start. */
  public ClusterNodeProcess withArgs(String... args) {
    extraArgs.addAll(Arrays.asList(args));
    return this;
  }

  /** Starts a new incarnation on the same data directory; the previous one must have exited. */
  public synchronized void start() throws IOException {
    if (process != null && process.isAlive()) throw new IllegalStateException(name + " is still running");
    Files.createDirectories(dataDir);
    Files.createDirectories(logDir);
    incarnation++;
    log = logDir.resolve(name + "-" + incarnation + ".log");
    Process p = launcher().start(log);
    LIVE.add(p);
    process = p;
  }

  public String base() {
    return "http://127.0.0.1:" + webPort;
  }

  /** A client for this node's HTTP API whose every request is bounded by {@code timeout}. */
  public PromApiClient api(Duration timeout) {
    return new PromApiClient(URI.create(base()), timeout);
  }

  public String discoveryAddress() {
    return "127.0.0.1:" + discoveryPort;
  }

  public boolean alive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** The OS process id of the current incarnation (for /proc/PID/stat), or -1 before the first start. */
  public long pid() {
    Process p = process;
    return p == null ? -1 : p.pid();
  }

  /** The log file of the current (or last) incarnation. */
  public Path log() {
    return log;
  }

  public int incarnation() {
    return incarnation;
  }

  /** Exit status of the last incarnation, or null while it runs. */
  public Integer exitValue() {
    Process p = process;
    return p == null || p.isAlive() ? null : p.exitValue();
  }

  /** SIGKILL: no shutdown hook, no checkpoint. Returns once the process is gone. */
  public void kill9() throws InterruptedException {
    Process p = process;
    if (p == null) return;
    p.destroyForcibly();
    p.waitFor();
    LIVE.remove(p);
  }

  /** Sends SIGTERM without waiting. */
  public void sigterm() {
    Process p = process;
    if (p != null) p.destroy();
  }

  /**
   * Waits for the process to exit after {@link #sigterm()}; if it has not exited within max, it is
   * killed and the result is false.
   */
  public boolean awaitExit(Duration max) throws InterruptedException {
    Process p = process;
    if (p == null) return true;
    boolean exited = p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS);
    if (!exited) {
      p.destroyForcibly();
      p.waitFor();
    }
    LIVE.remove(p);
    return exited;
  }

  /** Graceful stop: SIGTERM and wait; false if it had to be killed. */
  public boolean stop(Duration max) throws InterruptedException {
    sigterm();
    return awaitExit(max);
  }

  /** True when the node's main thread died with an exception (Ignite's threads may keep the JVM alive). */
  public boolean mainThreadDied() {
    Path l = log;
    if (l == null || !Files.exists(l)) return false;
    try {
      return Files.readString(l).contains("Exception in thread \"main\"");
    } catch (IOException | java.io.UncheckedIOException e) {
      return false;
    }
  }

  /** The last lines of the current log, for failure messages. */
  public String logTail(int lines) {
    Path l = log;
    if (l == null || !Files.exists(l)) return "(no log)";
    try {
      List<String> all = Files.readAllLines(l);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (alive()) kill9();
  }

  @Override
  public String toString() {
    return name + "(web " + webPort + ", disco " + discoveryPort + ")";
  }
}
