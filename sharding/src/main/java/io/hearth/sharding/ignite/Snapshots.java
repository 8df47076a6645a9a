package io.hearth.sharding.ignite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where cluster snapshots live on a node and what their names look like. A snapshot made by
 * {@link IgniteStore#createSnapshot} is one directory per node, {@code <work>/snapshots/<name>},
 * holding that node's partition files of Hearth's cache group (and Ignite's metadata), as Ignite
 * writes them. Restoring one is {@link SnapshotRestore}.
 */
public final class Snapshots {
  /**
   * Prometheus's snapshot names are UTC time to the second, a dash, 16 hex digits; Ignite accepts only
   * {@code [a-zA-Z0-9_]} in a snapshot name, so Hearth's have an underscore where Prometheus's have the dash.
   */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,128}");

  /**
   * The directory of a node alone's ingest log files, in its work directory and in each of its
   * snapshots (which hold a copy of the files as they were when the snapshot began).
   */
  public static final String INGEST_LOG = "ingest-log";

  private Snapshots() {}

  /** Deletes {@code p} and what it holds, as far as it can (cleaning up after a failure). */
  static void deleteQuietly(Path p) {
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> {
        try {
          Files.deleteIfExists(f);
        } catch (IOException e) {
          // left behind; named by the caller's error
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // left behind
    }
  }

  /** The directory that holds this node's snapshots, given Ignite's work directory. */
  public static Path directory(Path igniteWorkDir) {
    return igniteWorkDir.toAbsolutePath().resolve("snapshots");
  }

  /** A new name in Prometheus's form with an underscore, e.g. {@code 20171210T211224Z_2be650b6d019eb54}. */
  public static String newName(Instant now, Random random) {
    return TIME.format(now) + "_" + String.format("%016x", random.nextLong() & Long.MAX_VALUE);
  }

  /**
   * Checks that {@code name} can name a snapshot (what Ignite accepts: letters, digits, {@code _}; so never a path).
   *
   * @throws IllegalArgumentException naming the rule otherwise
   */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid snapshot name \"" + name + "\": 1 to 128 letters, digits or '_'");
    }
    return name;
  }

  /** A snapshot this node holds a share of. */
  public record Entry(String name, Path path, long bytes) {}

  /** The snapshots under {@code igniteWorkDir}, by name. */
  public static List<Entry> list(Path igniteWorkDir) {
    Path dir = directory(igniteWorkDir);
    List<Entry> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) return out;
    try (Stream<Path> s = Files.list(dir)) {
      // A name starting with '.' is a copy in progress (the ingest log's, IgniteStore.createSnapshot).
      s.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith(".")).sorted().forEach(p -> out.add(new Entry(p.getFileName().toString(), p, bytes(p))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list snapshots in " + dir, e);
    }
    return out;
  }

  /** Bytes of the regular files under {@code dir} (0 when it does not exist). */
  static long bytes(Path dir) {
    if (!Files.isDirectory(dir)) return 0;
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> {
        try {
          return Files.size(f);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }
}
