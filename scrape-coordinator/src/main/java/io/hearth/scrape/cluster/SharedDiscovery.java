package io.hearth.scrape.cluster;

import io.hearth.scrape.config.ScrapeConfig;
import io.hearth.scrape.discovery.Discoverer;
import io.hearth.scrape.discovery.TargetGroup;
import io.hearth.scrape.manager.DiscovererFactory;
import io.hearth.sharding.api.ClusterView;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Topology;
import io.hearth.sharding.wire.ByteSink;
import io.hearth.sharding.wire.ByteSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Discovery that runs once per cluster: the wrapped discoverers (Kubernetes watches) run only on
 * the leader, the node that is primary of partition 0, and the leader sends every update to the
 * other nodes (service {@value #GROUPS}); every node feeds the same target groups to its scrape
 * pools, which then scrape only the targets assigned to them. When leadership moves (the leader
 * fails or leaves) the new leader starts the discoverers; its first, full update replaces the shared
 * set, sources that vanished meanwhile are removed. A node that starts asks the leader for the
 * current groups ({@value #SNAPSHOT}). Static and file discovery stay local: they read the same
 * files on every node and cost nothing.
 *
 * <p>Call {@link #leadershipMayHaveChanged()} when the topology changes. Thread-safe.
 */
public final class SharedDiscovery implements DiscovererFactory {
  public static final String GROUPS = "scrape.discovery.groups";
  public static final String SNAPSHOT = "scrape.discovery.snapshot";
  private static final Logger LOG = Logger.getLogger(SharedDiscovery.class.getName());

  private final DiscovererFactory real;
  private final ClusterView view;
  private final Map<String, Shared> active = new ConcurrentHashMap<>();
  private volatile boolean leader;

  public SharedDiscovery(DiscovererFactory real, ClusterView view) {
    this.real = real;
    this.view = view;
    view.serve(GROUPS, this::onGroups);
    view.serve(SNAPSHOT, this::onSnapshot);
    this.leader = isLeader(view.topology());
  }

  private static boolean isLeader(Topology t) {
    return t.localNode().equals(t.primary(0));
  }

  /** Whether this node runs the shared discoverers now. */
  public boolean leader() {
    return leader;
  }

  /** Re-evaluates leadership: starts or stops the real discoverers when it moved. */
  public synchronized void leadershipMayHaveChanged() {
    boolean now = isLeader(view.topology());
    if (now == leader) return;
    leader = now;
    LOG.info(now ? "this node now runs the cluster's service discovery" : "service discovery moved to another node");
    for (Shared s : active.values()) {
      if (now) s.startReal();
      else s.stopReal();
    }
  }

  @Override
  public List<Discoverer> create(ScrapeConfig cfg) {
    List<Discoverer> made = real.create(cfg);
    List<Discoverer> out = new ArrayList<>(made.size());
    for (int i = 0; i < made.size(); i++) out.add(new Shared(cfg, i, made.get(i)));
    return out;
  }

  /** One shared discoverer: job and index name it on every node. */
  private final class Shared implements Discoverer {
    final String key;
    final ScrapeConfig cfg;
    final int index;
    /** The real discoverer; started only while this node leads. */
    Discoverer discoverer;
    boolean realStarted;
    boolean fullSeen;
    /** The current groups by source: what every node holds for this key. */
    final Map<String, TargetGroup> groups = new LinkedHashMap<>();
    final ExecutorService delivery;
    Consumer<List<TargetGroup>> updates;

    Shared(ScrapeConfig cfg, int index, Discoverer discoverer) {
      this.cfg = cfg;
      this.index = index;
      this.key = cfg.jobName() + "#" + index;
      this.discoverer = discoverer;
      this.delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hearth-shared-discovery");
        t.setDaemon(true);
        return t;
      });
    }

    @Override
    public void start(Consumer<List<TargetGroup>> u) {
      synchronized (SharedDiscovery.this) {
        this.updates = u;
        active.put(key, this);
        if (leader) {
          startReal();
          return;
        }
      }
      // A follower begins with what the leader holds (empty until it answers).
      delivery.execute(this::fetchSnapshot);
    }

    private void fetchSnapshot() {
      List<TargetGroup> snap = List.of();
      Topology t = view.topology();
      String lead = t.primary(0);
      if (lead != null && !lead.equals(t.localNode())) {
        try {
          snap = decode(view.call(lead, SNAPSHOT, key.getBytes(java.nio.charset.StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS)).groups;
        } catch (Exception e) {
          LOG.log(Level.FINE, "no discovery snapshot from " + lead + " for " + key, e);
        }
      }
      apply(snap, false);
    }

    /** Starts the real discoverer (this node leads); its first update replaces the shared set. */
    void startReal() {
      if (realStarted) return;
      if (discoverer == null) discoverer = real.create(cfg).get(index);
      realStarted = true;
      fullSeen = false;
      discoverer.start(update -> delivery.execute(() -> fromLeader(update)));
    }

    void stopReal() {
      if (!realStarted) return;
      realStarted = false;
      discoverer.close();
      discoverer = null;
    }

    /** On the leader: an update of the real discoverer, shared with the other nodes. */
    private void fromLeader(List<TargetGroup> update) {
      List<TargetGroup> out = new ArrayList<>(update);
      if (!fullSeen) {
        fullSeen = true;
        // The first update is the full set: sources the cluster still holds but it lacks are gone.
        java.util.Set<String> present = new java.util.HashSet<>();
        for (TargetGroup g : update) present.add(g.source());
        synchronized (groups) {
          for (String src : groups.keySet()) {
            if (!present.contains(src)) out.add(new TargetGroup(src, List.of(), Labels.EMPTY));
          }
        }
      }
      apply(out, true);
    }

    /** Records and delivers an update; the leader also sends it to every other node. */
    void apply(List<TargetGroup> update, boolean share) {
      synchronized (groups) {
        for (TargetGroup g : update) {
          if (g.targets().isEmpty()) groups.remove(g.source());
          else groups.put(g.source(), g);
        }
      }
      Consumer<List<TargetGroup>> u = updates;
      if (u != null) u.accept(update);
      if (share) {
        byte[] msg = encode(key, update);
        Topology t = view.topology();
        for (String n : t.nodes()) {
          if (!n.equals(t.localNode())) view.call(n, GROUPS, msg);
        }
      }
    }

    List<TargetGroup> snapshot() {
      synchronized (groups) {
        return new ArrayList<>(groups.values());
      }
    }

    @Override
    public void close() {
      synchronized (SharedDiscovery.this) {
        active.remove(key, this);
        stopReal();
        if (discoverer != null) discoverer.close();
        discoverer = null;
      }
      delivery.shutdownNow();
    }
  }

  private byte[] onGroups(byte[] request) {
    Decoded d = decode(request);
    Shared s = active.get(d.key);
    if (s != null && !leader) s.delivery.execute(() -> s.apply(d.groups, false));
    return new byte[0];
  }

  private byte[] onSnapshot(byte[] request) {
    String key = new String(request, java.nio.charset.StandardCharsets.UTF_8);
    Shared s = active.get(key);
    return encode(key, s == null ? List.of() : s.snapshot());
  }

  private record Decoded(String key, List<TargetGroup> groups) {}

  static byte[] encode(String key, List<TargetGroup> groups) {
    ByteSink out = new ByteSink(256);
    out.writeByte(1);
    out.writeString(key);
    out.writeUvarint(groups.size());
    for (TargetGroup g : groups) {
      out.writeString(g.source());
      out.writeLabels(g.labels());
      out.writeUvarint(g.targets().size());
      for (Labels t : g.targets()) out.writeLabels(t);
    }
    return out.toByteArray();
  }

  private static Decoded decode(byte[] b) {
    ByteSource in = new ByteSource().reset(b, 0, b.length, "discovery groups");
    int v = in.readByte();
    if (v != 1) throw new IllegalArgumentException("discovery groups version " + v + ", expected 1");
    String key = in.readString();
    int n = (int) in.readUvarint();
    List<TargetGroup> groups = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String src = in.readString();
      Labels labels = in.readLabels();
      int nt = (int) in.readUvarint();
      List<Labels> targets = new ArrayList<>(nt);
      for (int j = 0; j < nt; j++) targets.add(in.readLabels());
      groups.add(new TargetGroup(src, targets, labels));
    }
    return new Decoded(key, groups);
  }
}
