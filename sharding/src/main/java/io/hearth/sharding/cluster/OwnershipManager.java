package io.hearth.sharding.cluster;

import io.hearth.sharding.api.ClusterView;
import io.hearth.sharding.api.Topology;
import io.hearth.sharding.head.Head;
import io.hearth.sharding.wire.ByteSink;
import io.hearth.sharding.wire.ByteSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the partitions this node serves equal to those it is primary for. Polls the topology; a
 * partition it stopped being primary for is released at once; before loading a partition it
 * gained, it asks every other node to release it (service {@value #RELEASE}), so that the previous
 * owner has finished its commits and checkpoints on it and refuses new ones. A release names the
 * topology version that moved the partition: the releasing node does not load it again until its
 * own view has reached that version.
 *
 * <p>{@link #ready()} is true when every partition this node is primary for is loaded.
 */
public final class OwnershipManager implements AutoCloseable {
  public static final String RELEASE = "cluster.release";
  private static final Logger LOG = Logger.getLogger(OwnershipManager.class.getName());
  private static final long RELEASE_WAIT_MS = 15_000;

  private final ClusterView view;
  private final Head head;
  private final AtomicLongArray minLoadVersion;
  private final Thread thread;
  private volatile boolean closed;
  private volatile boolean ready;
  private volatile long servedVersion = -1;

  public OwnershipManager(ClusterView view, Head head, int partitions) {
    this.view = view;
    this.head = head;
    this.minLoadVersion = new AtomicLongArray(partitions);
    view.serve(RELEASE, this::onRelease);
    thread = new Thread(this::run, "hearth-ownership");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Whether every partition this node is primary for is loaded (at the last topology seen). */
  public boolean ready() {
    return ready;
  }

  /** The topology version whose partitions this node served when last checked (-1 before). */
  public long servedVersion() {
    return servedVersion;
  }

  private byte[] onRelease(byte[] request) {
    ByteSource in = new ByteSource().reset(request, 0, request.length, "release request");
    long version = in.readLong();
    int n = (int) in.readUvarint();
    int released = 0;
    for (int i = 0; i < n; i++) {
      int p = (int) in.readUvarint();
      minLoadVersion.accumulateAndGet(p, version, Math::max);
      if (head.isLoaded(p)) {
        head.releasePartition(p);
        released++;
      }
    }
    if (released > 0) LOG.info("released " + released + " partitions to their new owner (version " + version + ")");
    return new byte[0];
  }

  private void run() {
    while (!closed) {
      try {
        step();
      } catch (RuntimeException e) {
        ready = false;
        if (!closed) LOG.log(Level.WARNING, "partition ownership check failed", e);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One reconciliation pass (public for tests that drive it directly). */
  public void step() {
    Topology t = view.topology();
    String me = t.localNode();
    List<Integer> gained = new ArrayList<>();
    boolean all = true;
    for (int p = 0; p < t.partitions(); p++) {
      boolean desired = me.equals(t.primary(p));
      boolean loaded = head.isLoaded(p);
      if (loaded && !desired) {
        head.releasePartition(p);
        LOG.fine("released partition " + p + " at version " + t.version());
      } else if (desired && !loaded) {
        all = false;
        if (t.version() >= minLoadVersion.get(p)) gained.add(p);
      }
    }
    // Not ready from the moment a partition to serve is seen unloaded, not only once the release
    // round below (which can take seconds) has ended.
    if (!all) ready = false;
    if (!gained.isEmpty()) {
      long t0 = System.nanoTime();
      askOthersToRelease(t, gained);
      if (!closed && view.topology().version() == t.version()) {
        for (int p : gained) head.loadPartition(p);
        LOG.info("serving " + gained.size() + " more partitions (version " + t.version() + ") after "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
        all = true;
        for (int p = 0; p < t.partitions(); p++) if (me.equals(t.primary(p)) && !head.isLoaded(p)) all = false;
      }
    }
    ready = all;
    if (all) servedVersion = t.version();
  }

  private void askOthersToRelease(Topology t, List<Integer> parts) {
    ByteSink req = new ByteSink(16 + parts.size() * 2);
    req.writeLong(t.version());
    req.writeUvarint(parts.size());
    for (int p : parts) req.writeUvarint(p);
    byte[] body = req.toByteArray();
    List<CompletableFuture<byte[]>> calls = new ArrayList<>();
    for (String n : t.nodes()) {
      if (!n.equals(t.localNode())) calls.add(view.call(n, RELEASE, body));
    }
    for (CompletableFuture<byte[]> c : calls) {
      try {
        c.get(RELEASE_WAIT_MS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        // A node that left or does not answer cannot be writing to the partition through us.
        LOG.log(Level.FINE, "release request not confirmed", e);
      }
    }
  }

  /** Stops reconciling; the head keeps what it serves. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ready = false;
  }
}
