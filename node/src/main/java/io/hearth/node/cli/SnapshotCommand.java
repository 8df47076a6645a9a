package io.hearth.node.cli;

import io.hearth.sharding.ignite.SnapshotRestore;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hearth snapshot restore NAME --storage.tsdb.path=DIR}: puts a stopped node's storage back to
 * its share of a snapshot made by {@code POST /api/v1/admin/tsdb/snapshot}. Run on every node of the
 * cluster while all are stopped, then start them (docs/OPERATIONS.md, <i>Snapshots and restore</i>).
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true, description = "Restore storage snapshots.",
    subcommands = {SnapshotCommand.Restore.class})
public final class SnapshotCommand implements Runnable {
  @Override
  public void run() {
    System.err.println("hearth: error: expected a subcommand: restore");
  }

  @Command(name = "restore", mixinStandardHelpOptions = true,
      description = "Replace a stopped node's storage by its share of snapshot NAME (every node of the cluster, all stopped).")
  static final class Restore implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The snapshot's name, as POST /api/v1/admin/tsdb/snapshot answered it.")
    String name;

    @Option(names = "--storage.tsdb.path", paramLabel = "DIR", description = "The node's data directory (default: ${DEFAULT-VALUE}).")
    String dataPath = "data/";

    @Override
    public Integer call() {
      long t0 = System.nanoTime();
      try {
        SnapshotRestore.Result r = SnapshotRestore.restore(Path.of(dataPath).resolve("ignite"), name);
        System.out.printf("restored snapshot %s for node folder %s: %d partition files, %d bytes into %s; removed %d bytes of WAL"
            + " written after it; in %d ms. Start the node (every node of the cluster) now: each rebuilds its head from the"
            + " restored storage.%n", name, r.node(), r.partitionFiles(), r.bytes(), r.restored(), r.walBytesRemoved(),
            (System.nanoTime() - t0) / 1_000_000);
        return 0;
      } catch (IllegalArgumentException | UncheckedIOException e) {
        System.err.println("hearth: error: " + e.getMessage());
        return 1;
      }
    }
  }
}
