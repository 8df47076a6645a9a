package io.hearth.sharding.ignite;

import io.hearth.sharding.api.ClusterView;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.api.Topology;
import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ignite.Ignite;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.internal.IgniteEx;
import org.apache.ignite.internal.processors.affinity.AffinityTopologyVersion;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * {@link ClusterView} on Ignite: ownership is the affinity of the ingest log cache (primary of each
 * partition at the ready affinity version), calls are Ignite compute jobs addressed to one node
 * carrying bytes both ways.
 *
 * <p>Response frame: one status byte, then the payload (0) or the UTF-8 message of a failure whose
 * kind the status byte names (1 not owner, 2 overloaded, 3 unavailable, 4 other storage error,
 * 5 bad request, 6 any other failure).
 */
public final class IgniteClusterView implements ClusterView {
  /**
   * Node attribute of nodes that take calls as {@link ServiceCall}; a node without it (an earlier
   * release, during a rolling upgrade) is sent a {@link ServiceJob}, which every release takes.
   */
  static final String CALLS_ATTRIBUTE = "hearth.calls";
  static final String CALLS_EXTERNALIZABLE = "externalizable";
  private static final Map<String, Map<String, Handler>> HANDLERS = new ConcurrentHashMap<>();
  private static final long CALL_TIMEOUT_MS = 120_000;

  private final IgniteStore store;
  private final Ignite ignite;
  private final Map<String, Handler> local;
  /** Runs calls addressed to this node; bounded by the callers' own pools (HTTP, scrape). */
  private final java.util.concurrent.ExecutorService localCalls = java.util.concurrent.Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "hearth-local-call");
    t.setDaemon(true);
    return t;
  });

  public IgniteClusterView(IgniteStore store) {
    this.store = store;
    this.ignite = store.ignite();
    this.local = HANDLERS.computeIfAbsent(ignite.name(), k -> new ConcurrentHashMap<>());
  }

  @Override
  public Topology topology() {
    Affinity<SeqKey> aff = ignite.affinity(IgniteStore.LOG);
    int n = store.settings().partitions();
    for (int attempt = 0; ; attempt++) {
      long before = affinityVersion();
      String[] primaries = new String[n];
      for (int p = 0; p < n; p++) {
        ClusterNode node = aff.mapPartitionToNode(p);
        primaries[p] = node == null ? null : String.valueOf(node.consistentId());
      }
      if (affinityVersion() == before || attempt >= 5) {
        List<String> nodes = new ArrayList<>();
        for (ClusterNode node : ignite.cluster().forServers().nodes()) nodes.add(String.valueOf(node.consistentId()));
        Collections.sort(nodes);
        return new Topology(before, String.valueOf(ignite.cluster().localNode().consistentId()), List.copyOf(nodes), primaries);
      }
    }
  }

  /**
   * For each partition, the live nodes holding a copy of it, primary first then its backups in
   * Ignite's order: the first backup is the copy promoted when the primary leaves (a baseline node
   * that leaves is only filtered out of the assignment).
   */
  public String[][] copies() {
    Affinity<SeqKey> aff = ignite.affinity(IgniteStore.LOG);
    String[][] out = new String[store.settings().partitions()][];
    for (int p = 0; p < out.length; p++) {
      List<String> names = new ArrayList<>();
      for (ClusterNode n : aff.mapPartitionToPrimaryAndBackups(p)) names.add(String.valueOf(n.consistentId()));
      out[p] = names.toArray(new String[0]);
    }
    return out;
  }

  /** The ready affinity version as one number: major version in the high bits, minor in the low 20. */
  private long affinityVersion() {
    AffinityTopologyVersion v = ((IgniteEx) ignite).context().cache().context().exchange().readyAffinityVersion();
    return (v.topologyVersion() << 20) | v.minorTopologyVersion();
  }

  @Override
  public void serve(String service, Handler handler) {
    local.put(service, handler);
  }

  @Override
  public CompletableFuture<byte[]> call(String node, String service, byte[] request) {
    ClusterNode target = null;
    for (ClusterNode n : ignite.cluster().forServers().nodes()) {
      if (String.valueOf(n.consistentId()).equals(node)) target = n;
    }
    if (target == null) {
      return CompletableFuture.failedFuture(new StorageException.Unavailable("node " + node + " is not in the cluster"));
    }
    CompletableFuture<byte[]> out = new CompletableFuture<>();
    if (target.isLocal()) {
      // On a thread of its own, as a remote call runs on the other node: a caller that sends one
      // call per node (routing, scatter-gather) gets the local part in parallel with the others.
      try {
        localCalls.execute(() -> {
          try {
            out.complete(unframe(node, service, invoke(local, service, request)));
          } catch (RuntimeException e) {
            out.completeExceptionally(e);
          }
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        out.completeExceptionally(new StorageException.Unavailable("node " + node + " is stopping"));
      }
      return out;
    }
    try {
      ignite.compute(ignite.cluster().forNode(target)).withTimeout(CALL_TIMEOUT_MS).withNoFailover()
          .callAsync(job(target, service, request))
          .listen(f -> {
            try {
              out.complete(unframe(node, service, f.get()));
            } catch (StorageException | IllegalArgumentException e) {
              // the handler's own failure, rethrown by unframe: the caller sees it as on a local call
              out.completeExceptionally(e);
            } catch (RuntimeException e) {
              out.completeExceptionally(new StorageException.Unavailable("call " + service + " to node " + node + " failed: " + e.getMessage(), e));
            }
          });
    } catch (RuntimeException e) {
      out.completeExceptionally(new StorageException.Unavailable("call " + service + " to node " + node + " failed: " + e.getMessage(), e));
    }
    return out;
  }

  /** The job that carries {@code request} to {@code target}, in the form that node takes. */
  static IgniteCallable<byte[]> job(ClusterNode target, String service, byte[] request) {
    return CALLS_EXTERNALIZABLE.equals(target.attribute(CALLS_ATTRIBUTE)) ? new ServiceCall(service, request) : new ServiceJob(service, request);
  }

  static byte[] invoke(Map<String, Handler> handlers, String service, byte[] request) {
    Handler h = handlers == null ? null : handlers.get(service);
    if (h == null) return frame(3, "service " + service + " is not running on this node yet");
    try {
      byte[] payload = h.handle(request);
      byte[] out = new byte[payload.length + 1];
      System.arraycopy(payload, 0, out, 1, payload.length);
      return out;
    } catch (StorageException.NotOwner e) {
      return frame(1, e.getMessage());
    } catch (StorageException.Overloaded e) {
      return frame(2, e.getMessage());
    } catch (StorageException.Unavailable e) {
      return frame(3, e.getMessage());
    } catch (StorageException e) {
      return frame(4, e.getMessage());
    } catch (IllegalArgumentException e) {
      return frame(5, e.getMessage());
    } catch (Exception e) {
      return frame(6, e.toString());
    }
  }

  private static byte[] frame(int status, String message) {
    byte[] m = String.valueOf(message).getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[m.length + 1];
    out[0] = (byte) status;
    System.arraycopy(m, 0, out, 1, m.length);
    return out;
  }

  private static byte[] unframe(String node, String service, byte[] r) {
    if (r == null || r.length == 0) throw new StorageException.Unavailable("empty answer from node " + node + " to " + service);
    if (r[0] == 0) return java.util.Arrays.copyOfRange(r, 1, r.length);
    String msg = new String(r, 1, r.length - 1, StandardCharsets.UTF_8);
    switch (r[0]) {
      case 1: throw new StorageException.NotOwner(msg);
      case 2: throw new StorageException.Overloaded(msg);
      case 3: throw new StorageException.Unavailable(msg);
      case 4: throw new StorageException(msg);
      case 5: throw new IllegalArgumentException(msg);
      default: throw new StorageException("node " + node + " failed " + service + ": " + msg);
    }
  }

  /** The job that runs a registered handler on the node it is sent to. */
  static final class ServiceJob implements IgniteCallable<byte[]> {
    private static final long serialVersionUID = 1L;
    private final String service;
    private final byte[] request;
    @IgniteInstanceResource
    private transient Ignite ignite;

    ServiceJob(String service, byte[] request) {
      this.service = service;
      this.request = request;
    }

    @Override
    public byte[] call() {
      return invoke(HANDLERS.get(ignite.name()), service, request);
    }
  }

  /**
   * {@link ServiceJob} as an {@link Externalizable}: Ignite's binary marshaller writes a plain
   * object as a binary object and computes its hash code over all of its bytes (a routed write
   * batch is ~100 KiB: 8 % of a cluster node's CPU went there); an externalizable one it hands to
   * its optimized marshaller, which writes the service name and the bytes as they are.
   */
  public static final class ServiceCall implements IgniteCallable<byte[]>, Externalizable {
    private static final long serialVersionUID = 1L;
    private String service;
    private byte[] request;
    @IgniteInstanceResource
    private transient Ignite ignite;

    /** For deserialization. */
    public ServiceCall() {}

    ServiceCall(String service, byte[] request) {
      this.service = service;
      this.request = request;
    }

    @Override
    public byte[] call() {
      return invoke(HANDLERS.get(ignite.name()), service, request);
    }

    byte[] request() {
      return request;
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
      out.writeUTF(service);
      out.writeInt(request.length);
      out.write(request);
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException {
      service = in.readUTF();
      int n = in.readInt();
      if (n < 0) throw new IOException("call " + service + " has a negative length " + n);
      request = readBytes(in, n, service);
    }
  }

  /** Bytes read before the array grows past them: a length that lies costs what was sent, not what it claims. */
  static final int CALL_READ_STEP = 1 << 20;

  /**
   * Reads {@code n} bytes, allocating at most {@link #CALL_READ_STEP} beyond the bytes that arrived:
   * a call whose length claims more than its message holds ends in an {@link java.io.EOFException}
   * instead of allocating the claimed length first.
   */
  static byte[] readBytes(ObjectInput in, int n, String service) throws IOException {
    byte[] b = new byte[Math.min(n, CALL_READ_STEP)];
    int got = 0;
    while (got < n) {
      if (got == b.length) b = java.util.Arrays.copyOf(b, (int) Math.min(n, 2L * b.length));
      int r = in.read(b, got, b.length - got);
      if (r < 0) {
        throw new java.io.EOFException("call " + service + " claims " + n + " bytes; its message ended after " + got);
      }
      got += r;
    }
    return b;
  }

  /** Forgets this node's handlers (when it stops). */
  public void close() {
    localCalls.shutdown();
    HANDLERS.remove(ignite.name());
  }
}
