package io.hearth.chaos;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The node jar of the previous release, built from this repository's own history: the commit is the
 * one the upgrade fixture names ({@code node/src/test/resources/upgrade/<commit>/}, the previous
 * release's data that {@code UpgradeFromPreviousReleaseTest} reads). Built once per commit and kept
 * in a cache outside the checkout ({@code ~/.cache/hearth/releases/<commit>/hearth.jar}, or
 * {@code -Dhearth.chaos.release-cache=DIR}); {@code -Dhearth.chaos.previous-jar=FILE} uses a given
 * jar instead.
 *
 * <p>The build: {@code git archive <commit>} into a scratch directory beside the cache entry, then
 * {@code mvn -DskipTests -pl node -am package} there with the Maven, local repository and offline
 * setting of the build running the tests (package only: nothing is installed into the shared local
 * repository). Test JVMs building at the same time wait for one another on a file lock.
 */
final class PreviousRelease {
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);

  private PreviousRelease() {}

  /** The repository's root directory (parent of chaos-tests/). */
  static Path repository() {
    String p = System.getProperty("hearth.chaos.repo", "");
    if (p.isEmpty() || p.startsWith("${")) return Path.of("").toAbsolutePath().getParent();
    return Path.of(p).toAbsolutePath().normalize();
  }

  /** The commit of the previous release: the one directory under the upgrade fixtures. */
  static String commit() throws IOException {
    Path fixtures = repository().resolve("node/src/test/resources/upgrade");
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.list(fixtures)) {
      s.filter(Files::isDirectory).forEach(d -> names.add(d.getFileName().toString()));
    }
    if (names.size() != 1) throw new AssertionError("expected one previous-release fixture under " + fixtures + ", found " + names);
    return names.get(0);
  }

  /** The previous release's jar, built now when it is not cached yet. */
  static Path jar() throws IOException, InterruptedException {
    String given = System.getProperty("hearth.chaos.previous-jar", "");
    if (!given.isEmpty()) {
      Path j = Path.of(given);
      if (!Files.isRegularFile(j)) throw new AssertionError("-Dhearth.chaos.previous-jar=" + given + " is not a file");
      return j;
    }
    String commit = commit();
    String cacheProp = System.getProperty("hearth.chaos.release-cache", "");
    Path cache = cacheProp.isEmpty() ? Path.of(System.getProperty("user.home"), ".cache", "hearth", "releases") : Path.of(cacheProp);
    Path dir = cache.resolve(commit);
    Path jar = dir.resolve("hearth.jar");
    Files.createDirectories(dir);
    try (RandomAccessFile lockFile = new RandomAccessFile(dir.resolve(".lock").toFile(), "rw");
        FileLock lock = lockFile.getChannel().lock()) {
      if (Files.isRegularFile(jar)) return jar;
      requireHistory(commit);
      long t = System.nanoTime();
      Path src = dir.resolve("src-" + ProcessHandle.current().pid());
      ChaosCluster.deleteRecursively(src);
      Files.createDirectories(src);
      try {
        Path tar = dir.resolve("src-" + ProcessHandle.current().pid() + ".tar");
        run(repository(), Duration.ofMinutes(2), "git", "archive", "--format=tar", "-o", tar.toString(), commit);
        run(src, Duration.ofMinutes(2), "tar", "-xf", tar.toString());
        Files.delete(tar);
        List<String> mvn = new ArrayList<>(List.of(maven(), "-q", "-B", "-DskipTests", "-Dhearth.revision=" + commit, "-pl", "node", "-am", "package"));
        if (System.getProperty("hearth.chaos.maven.offline", "").endsWith("=true")) mvn.add("-o"); // "offline=true" from the pom
        String repo = System.getProperty("hearth.chaos.maven.repo", "");
        if (!repo.isEmpty() && !repo.startsWith("${")) mvn.add("-Dmaven.repo.local=" + repo);
        run(src, BUILD_TIMEOUT, mvn.toArray(new String[0]));
        Path tmp = dir.resolve("hearth.jar.tmp");
        Files.copy(src.resolve("node/target/hearth.jar"), tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        ChaosCluster.deleteRecursively(src);
      }
      System.out.printf("built the previous release %s in %.0f s: %s%n", commit, (System.nanoTime() - t) / 1e9, jar);
      return jar;
    }
  }

  /**
   * Aborts the test (reported as skipped, with the reason) when the checkout cannot hold the
   * previous release's commit: a shallow clone or no git repository at all. A full clone without
   * the commit is a broken fixture and fails.
   */
  private static void requireHistory(String commit) throws IOException, InterruptedException {
    if (exitCode("git", "cat-file", "-e", commit + "^{commit}") == 0) return;
    if (exitCode("git", "rev-parse", "--git-dir") != 0) {
      org.junit.jupiter.api.Assumptions.abort(repository() + " is not a git checkout, so the previous release " + commit
          + " cannot be built from its history; pass its jar with -Dhearth.chaos.previous-jar=FILE");
    }
    Path shallow = Path.of(new String(new ProcessBuilder("git", "rev-parse", "--git-path", "shallow").directory(repository().toFile())
        .start().getInputStream().readAllBytes()).trim());
    if (Files.exists(shallow.isAbsolute() ? shallow : repository().resolve(shallow))) {
      org.junit.jupiter.api.Assumptions.abort("this is a shallow clone without the previous release " + commit
          + "; fetch its history (git fetch --unshallow) or pass its jar with -Dhearth.chaos.previous-jar=FILE");
    }
    throw new AssertionError("the previous release's commit " + commit + " (named by the upgrade fixture) is not in this repository's history");
  }

  private static int exitCode(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(repository().toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(1, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  private static String maven() {
    String m = System.getProperty("hearth.chaos.maven", "");
    if (!m.isEmpty() && !m.startsWith("${") && Files.isExecutable(Path.of(m))) return m;
    return "mvn";
  }

  private static void run(Path dir, Duration max, String... cmd) throws IOException, InterruptedException {
    Path out = Files.createTempFile("previous-release", ".log");
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor();
        throw new AssertionError(String.join(" ", cmd) + " in " + dir + " did not finish within " + max.toMinutes() + " min:\n" + tail(out));
      }
      if (p.exitValue() != 0) {
        throw new AssertionError(String.join(" ", cmd) + " in " + dir + " failed (" + p.exitValue() + "); the previous release's jar can"
            + " also be given with -Dhearth.chaos.previous-jar=FILE:\n" + tail(out));
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
