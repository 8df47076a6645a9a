package io.hearth.sharding.ignite;

import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.discovery.PeerAddresses;
import io.hearth.sharding.discovery.PeerEntry;
import io.hearth.sharding.ingestlog.LogFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.Ignition;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cluster.ClusterState;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.configuration.DataRegionConfiguration;
import org.apache.ignite.configuration.DiskPageCompression;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.configuration.WALMode;
import org.apache.ignite.failure.StopNodeOrHaltFailureHandler;
import org.apache.ignite.internal.processors.cache.CacheObjectByteArrayImpl;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;

/**
 * The embedded Ignite node and Hearth's caches. The only place that starts or configures Ignite.
 *
 * <p>Caches (one cache group, so one file per partition on disk): series definitions, the ingest
 * log, segments and segment directories; all partitioned with {@code replicationFactor - 1}
 * backups, FULL_SYNC writes and native persistence with the WAL in the mode the settings'
 * {@link Durability} names (LOG_ONLY by default: a write that returned survives a kill -9 of the
 * process; FSYNC: also a power loss of the machine).
 */
public final class IgniteStore implements AutoCloseable {
  static final String GROUP = "hearth";
  /**
   * A new WAL's segments, alone or in a cluster (an existing WAL keeps its size: {@link
   * #walSegmentBytes}). A single node keeps two of them after a stop; a cluster node keeps its work
   * segments ({@code setWalSegments}) always allocated, so their size is a fixed cost per node.
   * Checkpoints are paced by the WAL's volume, not by its segments, and the archive holds whole
   * segments, so smaller ones cost only more frequent switches between files (and archive copies of
   * the same bytes in smaller pieces).
   */
  static final int WAL_SEGMENT_BYTES = 4 << 20;
  /**
   * Ignite starts a checkpoint once the WAL written since the last one reaches this share of the
   * archive's maximum (its default: a quarter). Read once per JVM, when Ignite's WAL manager class
   * loads, so it is set before the first node starts and only when not given on the command line.
   */
  static final String CHECKPOINT_TRIGGER_PROPERTY = "IGNITE_CHECKPOINT_TRIGGER_ARCHIVE_SIZE_PERCENTAGE";
  /**
   * A cluster node's share: half, so that a new node's archive (the 32 MiB floor) is checkpointed
   * every 16 MiB of WAL as the 64 MiB floor was at a quarter. At a quarter (8 MiB) the page store
   * came out 8-13 % larger in three 3-node runs, at half as before in four more (BENCHMARKS.md,
   * "Cluster disk after 4 MiB WAL segments"). A single node is left at Ignite's default, with which
   * its WAL bounds were measured.
   */
  static final String CLUSTER_CHECKPOINT_TRIGGER = "0.5";
  private static final Pattern WAL_SEGMENT_NAME = Pattern.compile("\\d{16}\\.wal");
  /** The segment sizes Ignite accepts, 512 KiB to 1 GiB: a file outside them is not taken for a segment size. */
  private static final long MIN_SEGMENT_BYTES = 512 << 10;
  private static final long MAX_SEGMENT_BYTES = 1L << 30;

  /**
   * The WAL segment size a node starts with: that of the newest segment already in its WAL
   * directory, so a WAL is always continued at the size it was written with (Ignite's FSYNC mode
   * refuses work segments of another size than configured; clusters before this release wrote 8 MiB);
   * for a new WAL, {@link #WAL_SEGMENT_BYTES}.
   */
  static int walSegmentBytes(IgniteSettings s) {
    long existing = existingWalSegmentBytes(s.workDir().resolve("wal"));
    if (existing >= MIN_SEGMENT_BYTES && existing <= MAX_SEGMENT_BYTES) return (int) existing;
    return WAL_SEGMENT_BYTES;
  }

  /**
   * The size of the newest WAL segment (the highest index) in {@code walDir}'s per-node folders,
   * or 0 when there is none.
   */
  static long existingWalSegmentBytes(Path walDir) {
    if (!Files.isDirectory(walDir)) return 0;
    try (Stream<Path> files = Files.walk(walDir, 2)) {
      Path newest = files.filter(f -> WAL_SEGMENT_NAME.matcher(f.getFileName().toString()).matches())
          .max(Comparator.comparing(f -> f.getFileName().toString())).orElse(null);
      return newest == null ? 0 : Files.size(newest);
    } catch (IOException e) {
      throw new StorageException("cannot read the WAL directory " + walDir + ": " + e.getMessage(), e);
    }
  }

  static final String SERIES = "hearth-series";
  static final String LOG = "hearth-log";
  static final String SEGMENTS = "hearth-segments";
  static final String SEGMENT_DIRS = "hearth-segment-dirs";
  static final String HEAD_SNAPSHOTS = "hearth-head-snapshots";
  static final String BLOCKS = "hearth-blocks";
  static final String BLOCK_METAS = "hearth-block-metas";

  private final Ignite ignite;
  private final IgniteSettings settings;
  final IgniteCache<SeqKey, byte[]> series;
  final IgniteCache<SeqKey, byte[]> log;
  final IgniteCache<SeqKey, byte[]> segments;
  final IgniteCache<SeqKey, byte[]> segmentDirs;
  final IgniteCache<SeqKey, byte[]> headSnapshots;
  final IgniteCache<SeqKey, byte[]> blocks;
  final IgniteCache<SeqKey, byte[]> blockMetas;

  /**
   * Writes {@code value} under {@code key} handing the array over to Ignite, without the copy Ignite
   * makes of a caller's {@code byte[]} on every put (its user byte-array object copies itself into
   * the internal one it stores). The internal object is what the plain put stores, logs and sends
   * to backups, so the bytes on disk and on the wire are the same either way. The caller gives the
   * array up: it must never change it after.
   */
  static void putOwned(IgniteCache<SeqKey, byte[]> cache, SeqKey key, byte[] value) {
    taking(cache).put(key, new CacheObjectByteArrayImpl(value));
  }

  /** {@link #putOwned} for several entries; the map's arrays are handed over likewise. */
  static void putAllOwned(IgniteCache<SeqKey, byte[]> cache, java.util.Map<SeqKey, byte[]> entries) {
    java.util.Map<SeqKey, Object> owned = new java.util.HashMap<>(entries.size() * 2);
    for (java.util.Map.Entry<SeqKey, byte[]> e : entries.entrySet()) owned.put(e.getKey(), new CacheObjectByteArrayImpl(e.getValue()));
    taking(cache).putAll(owned);
  }

  /** The same cache, typed to take the internal cache objects {@link #putOwned} makes. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static IgniteCache<SeqKey, Object> taking(IgniteCache<SeqKey, byte[]> cache) {
    return (IgniteCache) cache;
  }

  private IgniteStore(Ignite ignite, IgniteSettings configured) {
    this.ignite = ignite;
    // Caches that exist already (this node's data, or the cluster's) keep the configuration they
    // were created with; the count in these configurations applies only to new ones.
    IgniteSettings forNew = configured.withPartitions(configured.partitionsForNewData());
    this.series = ignite.getOrCreateCache(cacheConfig(SERIES, forNew));
    this.log = ignite.getOrCreateCache(cacheConfig(LOG, forNew));
    this.segments = ignite.getOrCreateCache(cacheConfig(SEGMENTS, forNew));
    this.segmentDirs = ignite.getOrCreateCache(cacheConfig(SEGMENT_DIRS, forNew));
    this.headSnapshots = ignite.getOrCreateCache(cacheConfig(HEAD_SNAPSHOTS, forNew));
    this.blocks = ignite.getOrCreateCache(cacheConfig(BLOCKS, forNew));
    this.blockMetas = ignite.getOrCreateCache(cacheConfig(BLOCK_METAS, forNew));
    // The partition count is fixed when the data is created: a node started on existing data with
    // another count would hash series to partitions the data does not hold them in.
    @SuppressWarnings("unchecked")
    CacheConfiguration<SeqKey, byte[]> stored = log.getConfiguration(CacheConfiguration.class);
    int storedPartitions = stored.getAffinity().partitions();
    int activePartitions = ignite.affinity(LOG).partitions();
    int wanted = configured.partitions() == IgniteSettings.AUTO_PARTITIONS ? storedPartitions : configured.partitions();
    if (storedPartitions != wanted || activePartitions != wanted) {
      int was = storedPartitions != wanted ? storedPartitions : activePartitions;
      String where = configured.peers().isEmpty() ? "the data in " + configured.workDir() : "the cluster's data";
      throw new StorageException(where + " has " + was + " partitions but --cluster.partitions is "
          + wanted + ": the partition count is fixed when a node's data or a cluster is created; start it with"
          + " --cluster.partitions=" + was + " or without the flag");
    }
    this.settings = configured.withPartitions(wanted);
    int probe = wanted - 1;
    int mapped = ignite.affinity(LOG).partition(new SeqKey(probe, 0));
    if (mapped != probe) {
      throw new StorageException("partition mapping broken: hearth partition " + probe + " maps to ignite partition " + mapped);
    }
  }

  /** Starts the node, activates a fresh single-node cluster, and opens the caches. */
  public static IgniteStore start(IgniteSettings s) {
    System.setProperty("IGNITE_UPDATE_NOTIFIER", "false");
    System.setProperty("IGNITE_NO_ASCII", "true");
    System.setProperty("IGNITE_PERFORMANCE_SUGGESTIONS_DISABLED", "true");
    System.setProperty("IGNITE_QUIET", "false");
    // Hearth stops Ignite itself, after checkpointing the head; Ignite's own shutdown hook would race it.
    System.setProperty("IGNITE_NO_SHUTDOWN_HOOK", "true");
    if (!s.peers().isEmpty() && System.getProperty(CHECKPOINT_TRIGGER_PROPERTY) == null) {
      System.setProperty(CHECKPOINT_TRIGGER_PROPERTY, CLUSTER_CHECKPOINT_TRIGGER);
    }
    Logger.getLogger("org.apache.ignite").setLevel(Level.WARNING);
    // A bad PEM file fails here with its own message, not deep inside Ignite's SPI start.
    if (s.tls() != null) s.tls().sslContext();
    PeerAddresses peers = new PeerAddresses(PeerEntry.parseAll(s.peers()), s.resolver());
    PeerIpFinder finder = new PeerIpFinder(peers, new InetSocketAddress(s.host(), s.discoveryPort()));
    Ignite ignite;
    try {
      ignite = Ignition.start(config(s, finder));
      finder.joined();
    } catch (RuntimeException e) {
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof java.net.BindException || String.valueOf(c.getMessage()).contains("Failed to bind")) {
          throw new StorageException("cluster port " + s.discoveryPort() + " or " + s.communicationPort() + " on " + s.host()
              + " is in use: set --cluster.listen-address to a free PORT (communication uses PORT+1, so nodes on one host"
              + " need ports at least 2 apart)", e);
        }
      }
      throw e;
    }
    try {
      awaitActive(ignite, s, peers);
      return new IgniteStore(ignite, s);
    } catch (RuntimeException e) {
      Ignition.stop(ignite.name(), true);
      throw e;
    }
  }

  private static final Logger LOGGER = Logger.getLogger(IgniteStore.class.getName());
  /** Milliseconds between the rebalance batches a node supplies (0: none). */
  public static final String REBALANCE_THROTTLE_PROPERTY = "hearth.rebalance.throttle-ms";
  /** Bytes of one rebalance batch. */
  public static final String REBALANCE_BATCH_PROPERTY = "hearth.rebalance.batch-bytes";

  /**
   * Waits until the cluster is active. A single node activates itself. A fresh cluster (no baseline
   * yet) is activated once as many nodes have joined as {@code bootstrapExpect} says, or, when that is
   * 0, as the peers resolve to at that moment (a node from every address); that fixes the baseline to
   * those nodes. A cluster with a baseline activates by itself when its baseline nodes are back.
   */
  private static void awaitActive(Ignite ignite, IgniteSettings s, PeerAddresses peers) {
    long lastLog = 0;
    while (ignite.cluster().state() != ClusterState.ACTIVE) {
      int servers = ignite.cluster().forServers().nodes().size();
      boolean noBaseline = ignite.cluster().currentBaselineTopology() == null;
      int expected = s.bootstrapExpect() > 0 ? s.bootstrapExpect() : peers.resolve().size();
      if (s.peers().isEmpty() || (noBaseline && servers >= Math.max(1, expected))) {
        try {
          ignite.cluster().state(ClusterState.ACTIVE);
        } catch (RuntimeException e) {
          LOGGER.log(Level.FINE, "activation raced another node", e);
        }
        continue;
      }
      if (System.currentTimeMillis() - lastLog > 10_000) {
        lastLog = System.currentTimeMillis();
        LOGGER.info("waiting for the cluster to activate: " + servers + " of " + expected + " nodes joined"
            + (s.bootstrapExpect() > 0 ? " (--cluster.bootstrap-expect)" : " (peer addresses " + peers + " resolve to " + expected + ")")
            + (noBaseline ? "" : ", waiting for every baseline node"));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StorageException.Unavailable("interrupted while waiting for the cluster to activate");
      }
    }
  }

  private static IgniteConfiguration config(IgniteSettings s, PeerIpFinder finder) {
    TcpDiscoverySpi disco = new TcpDiscoverySpi()
        .setLocalAddress(s.host())
        .setLocalPort(s.discoveryPort())
        .setLocalPortRange(0)
        .setIpFinder(finder);
    TcpCommunicationSpi comm = new TcpCommunicationSpi();
    comm.setLocalAddress(s.host());
    comm.setLocalPort(s.communicationPort());
    comm.setLocalPortRange(0);
    DataStorageConfiguration storage = new DataStorageConfiguration()
        .setDefaultDataRegionConfiguration(new DataRegionConfiguration()
            .setName("hearth")
            .setPersistenceEnabled(true)
            .setInitialSize(Math.min(s.regionBytes(), 64L << 20))
            .setMaxSize(s.regionBytes()))
        .setWalMode(walMode(s.durability()))
        // Small WAL: 4 work segments of 4 MiB instead of Ignite's 10 x 64 MiB
        // preallocated. The work segments hold only what is not yet checkpointed; a cluster's
        // history lives in the archive.
        .setWalSegmentSize(walSegmentBytes(s))
        .setWalSegments(4)
        // Full-page records (the first change of a page after each checkpoint) are most of the WAL's
        // bytes; compressed, the WAL fills half as fast, so half as many checkpoints are forced.
        .setWalPageCompression(DiskPageCompression.ZSTD)
        // Frequent checkpoints keep the WAL short: it only needs what is not yet in the page store.
        .setCheckpointFrequency(15_000)
        .setStoragePath(s.workDir().toAbsolutePath().resolve("db").toString())
        .setWalPath(s.workDir().toAbsolutePath().resolve("wal").toString());
    if (s.peers().isEmpty()) {
      // A single node never rebalances from history: archiving disabled (archive path = WAL path),
      // so the WAL stays at its fixed working size. Past the maximum (which also paces checkpoints:
      // Ignite starts one at a quarter of it, 16 MiB) the cleaner deletes segments no checkpoint
      // needs down to the minimum: one segment, so two segments (8 MiB) stay on disk after a stop.
      storage.setWalArchivePath(storage.getWalPath())
          .setMaxWalArchiveSize(64L << 20)
          .setMinWalArchiveSize(storage.getWalSegmentSize());
    } else {
      // Clusters keep an archive so a restarted node catches up by WAL delta, not a full rebalance.
      // Not compacted: Ignite's compaction (logical records only, zipped) held 4x the history per
      // byte but cost 7 % of a cluster node's CPU in its compressor thread and more around it
      // (BENCHMARKS.md, "Cluster with the shipped defaults").
      long archive = s.walArchiveBytes() > 0 ? s.walArchiveBytes() : autoWalArchiveBytes(directoryBytes(s.workDir().resolve("db")));
      storage.setWalArchivePath(s.workDir().toAbsolutePath().resolve("wal-archive").toString())
          .setMaxWalArchiveSize(archive)
          // Cleanup takes the archive back to 2 segments below its bound, not to half of it: the
          // history a peer needs stays as long as the bound allows.
          .setMinWalArchiveSize(Math.max(archive / 2, archive - 2L * storage.getWalSegmentSize()));
    }
    IgniteConfiguration cfg = new IgniteConfiguration();
    // Discovery and communication both take the node-wide factory (the connector and thin-client
    // ports, which would too, are off).
    if (s.tls() != null) cfg.setSslContextFactory(new ClusterSslContextFactory(s.tls()));
    return cfg
        .setIgniteInstanceName("hearth-" + s.nodeName())
        .setConsistentId(s.nodeName())
        // The zone travels with the node to every other node: the affinity reads it from there.
        // So does the form of calls it takes (IgniteClusterView.ServiceCall).
        .setUserAttributes(java.util.Map.of(ZoneAwareAffinity.ZONE_ATTRIBUTE, s.zone(),
            IgniteClusterView.CALLS_ATTRIBUTE, IgniteClusterView.CALLS_EXTERNALIZABLE))
        .setWorkDirectory(s.workDir().toAbsolutePath().toString())
        // Cluster snapshots: each node writes its share under its own work directory (see Snapshots).
        .setSnapshotPath(Snapshots.directory(s.workDir()).toString())
        .setLocalHost(s.host())
        .setDiscoverySpi(disco)
        .setCommunicationSpi(comm)
        .setConnectorConfiguration(null)
        .setClientConnectorConfiguration(null)
        .setMetricsLogFrequency(0)
        // Routed writes and query fragments run as compute jobs and may wait on storage.
        .setPublicThreadPoolSize(32)
        .setDataStorageConfiguration(storage)
        // Rebalance pacing (system properties; Ignite's defaults when unset): a pause between the
        // batches a node sends and their size, to keep a restarted node's catch-up off the hot path.
        .setRebalanceThrottle(Long.getLong(REBALANCE_THROTTLE_PROPERTY, IgniteConfiguration.DFLT_REBALANCE_THROTTLE))
        .setRebalanceBatchSize(Integer.getInteger(REBALANCE_BATCH_PROPERTY, IgniteConfiguration.DFLT_REBALANCE_BATCH_SIZE))
        .setFailureHandler(new StopNodeOrHaltFailureHandler());
  }

  /**
   * The WAL archive for {@code dataBytes} already persisted: a tenth of it, within [32 MiB, 4 GiB].
   * It grows with the data (a node holding 16 GiB keeps enough history to catch up after a long
   * restart) instead of costing a fixed size on a nearly empty node, where a full copy is cheap
   * anyway: below 320 MiB of data the floor applies, and a full copy of that takes seconds. A tenth
   * keeps a copy's disk within 1.1x its data. With 32 MiB cleaned back to 24 (two 4 MiB segments
   * below the bound) a peer restarted after missing ~10 MiB of WAL still catches up by delta
   * (ClusterWalArchiveTest). Applied at start.
   */
  public static long autoWalArchiveBytes(long dataBytes) {
    return Math.max(32L << 20, Math.min(4L << 30, dataBytes / 10));
  }

  private static long directoryBytes(java.nio.file.Path dir) {
    return Snapshots.bytes(dir);
  }

  private static WALMode walMode(Durability d) {
    return switch (d) {
      case LOG_ONLY -> WALMode.LOG_ONLY;
      case FSYNC -> WALMode.FSYNC;
    };
  }

  private static CacheConfiguration<SeqKey, byte[]> cacheConfig(String name, IgniteSettings s) {
    return new CacheConfiguration<SeqKey, byte[]>(name)
        .setGroupName(GROUP)
        .setCacheMode(CacheMode.PARTITIONED)
        .setAtomicityMode(CacheAtomicityMode.ATOMIC)
        .setBackups(Math.max(0, s.replicationFactor() - 1))
        .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
        // Statistics feed the rebalance figures of /metrics (keys and bytes received).
        .setStatisticsEnabled(true)
        // Copies of a partition in different zones when there are several (same key mapping as rendezvous).
        .setAffinity(new ZoneAwareAffinity(s.partitions()));
  }

  public Ignite ignite() {
    return ignite;
  }

  /** The settings in force: the configured ones with the partition count of the data (never auto). */
  public IgniteSettings settings() {
    return settings;
  }

  /** The topology, baseline and partition spread, for the status API and UI. */
  public ClusterStatus clusterStatus() {
    org.apache.ignite.cache.affinity.Affinity<SeqKey> aff = ignite.affinity(LOG);
    java.util.Collection<org.apache.ignite.cluster.BaselineNode> bl = ignite.cluster().currentBaselineTopology();
    java.util.Set<String> inBaseline = new java.util.HashSet<>();
    if (bl != null) for (org.apache.ignite.cluster.BaselineNode b : bl) inBaseline.add(String.valueOf(b.consistentId()));
    java.util.List<ClusterStatus.Node> nodes = new java.util.ArrayList<>();
    for (org.apache.ignite.cluster.ClusterNode n : ignite.cluster().forServers().nodes()) {
      String id = String.valueOf(n.consistentId());
      nodes.add(new ClusterStatus.Node(id, String.join(",", n.addresses()), n.isLocal(), aff.primaryPartitions(n).length,
          aff.backupPartitions(n).length, ZoneAwareAffinity.zoneOf(n), bl == null || inBaseline.contains(id)));
    }
    nodes.sort(java.util.Comparator.comparing(ClusterStatus.Node::name));
    java.util.List<ClusterStatus.BaselineNode> baseline = new java.util.ArrayList<>();
    if (bl != null) {
      java.util.Set<Object> online = new java.util.HashSet<>();
      for (org.apache.ignite.cluster.ClusterNode n : ignite.cluster().forServers().nodes()) online.add(n.consistentId());
      for (org.apache.ignite.cluster.BaselineNode b : bl) {
        baseline.add(new ClusterStatus.BaselineNode(String.valueOf(b.consistentId()), online.contains(b.consistentId())));
      }
    }
    baseline.sort(java.util.Comparator.comparing(ClusterStatus.BaselineNode::name));
    boolean rebalancing = false;
    try {
      rebalancing = ignite.cache(LOG).localMetrics().getRebalancingPartitionsCount() > 0;
    } catch (RuntimeException e) {
      // metrics may be disabled: report not rebalancing
    }
    return new ClusterStatus(ignite.cluster().state().toString(), ignite.cluster().topologyVersion(), nodes, baseline,
        settings.partitions(), settings.replicationFactor(), rebalancing);
  }

  /**
   * Writes dirty pages to the page store now and waits, so that WAL segments before it can be
   * released (used by flush and before shutdown).
   */
  public void checkpoint(String reason) {
    try {
      ((org.apache.ignite.internal.IgniteEx) ignite).context().cache().context().database().waitForCheckpoint(reason);
    } catch (org.apache.ignite.IgniteCheckedException e) {
      throw new StorageException("checkpoint failed: " + e.getMessage(), e);
    }
  }

  /**
   * Partitions the affinity function makes this node primary of whose primary is still another
   * node: Ignite switches a partition's primary to a node that returns only once that node has
   * caught up on it (late affinity assignment), a moment after it stopped receiving it. 0 once every
   * such switch happened; -1 when Ignite's affinity is not available yet.
   */
  public int localPrimarySwitchesPending() {
    try {
      var group = ((org.apache.ignite.internal.IgniteEx) ignite).context().cache()
          .cacheGroup(org.apache.ignite.internal.processors.cache.GridCacheUtils.cacheId(GROUP));
      if (group == null) return -1;
      var affinity = group.affinity().lastReadyAffinity();
      if (affinity == null) return -1;
      java.util.List<java.util.List<org.apache.ignite.cluster.ClusterNode>> ideal = affinity.idealAssignment();
      java.util.List<java.util.List<org.apache.ignite.cluster.ClusterNode>> now = affinity.assignment();
      int pending = 0;
      for (int p = 0; p < ideal.size() && p < now.size(); p++) {
        boolean wanted = !ideal.get(p).isEmpty() && ideal.get(p).get(0).isLocal();
        boolean primary = !now.get(p).isEmpty() && now.get(p).get(0).isLocal();
        if (wanted && !primary) pending++;
      }
      return pending;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** Partitions this node is still receiving by rebalancing. */
  public int localRebalancingPartitions() {
    try {
      return (int) ignite.cache(LOG).localMetrics().getRebalancingPartitionsCount();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /**
   * Partitions of Hearth's cache group this node is still receiving (state MOVING: a restarted node
   * catching up by WAL delta, or a new copy being rebalanced to it); 0 when it holds every copy it is
   * assigned whole. Cheap (one metric read): readiness asks it on every probe.
   */
  public int localPartitionsCatchingUp() {
    try {
      var registry = ((org.apache.ignite.internal.IgniteEx) ignite).context().metric().registry("cacheGroups." + GROUP);
      org.apache.ignite.spi.metric.Metric m = registry.findMetric("LocalNodeMovingPartitionsCount");
      if (m instanceof org.apache.ignite.spi.metric.IntMetric) return ((org.apache.ignite.spi.metric.IntMetric) m).value();
      if (m instanceof org.apache.ignite.spi.metric.LongMetric) return (int) ((org.apache.ignite.spi.metric.LongMetric) m).value();
    } catch (RuntimeException e) {
      // group metrics unavailable: the cache's own figure below
    }
    return localRebalancingPartitions();
  }

  /**
   * Partitions of Hearth's cache group this node holds on disk now, as owner, still receiving
   * (moving) or handing over (renting); -1 when Ignite's group metrics are not available. A
   * decommissioned node reaches 0 when every partition has left it.
   */
  public int localPartitionsHeld() {
    try {
      var registry = ((org.apache.ignite.internal.IgniteEx) ignite).context().metric().registry("cacheGroups." + GROUP);
      int n = 0;
      for (String m : new String[] {"LocalNodeOwningPartitionsCount", "LocalNodeMovingPartitionsCount", "LocalNodeRentingPartitionsCount"}) {
        org.apache.ignite.spi.metric.Metric metric = registry.findMetric(m);
        if (metric instanceof org.apache.ignite.spi.metric.IntMetric) n += ((org.apache.ignite.spi.metric.IntMetric) metric).value();
        else if (metric instanceof org.apache.ignite.spi.metric.LongMetric) n += (int) ((org.apache.ignite.spi.metric.LongMetric) metric).value();
        else return -1;
      }
      return n;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** Entries this node received by rebalancing since it started, over Hearth's caches (for /metrics). */
  public long rebalancedKeys() {
    return rebalanceMetric("RebalancedKeys", false);
  }

  /**
   * Bytes of the rebalance messages this node received since it started (for /metrics). Ignite adds
   * each message's size to every cache of the group (it cannot split it per cache), so this is one
   * cache's figure, not their sum.
   */
  public long rebalancedBytes() {
    return rebalanceMetric("TotalRebalancedBytes", true);
  }

  /** The metric over Hearth's caches: their sum, or for a group-wide figure the largest. */
  private long rebalanceMetric(String name, boolean groupWide) {
    long n = 0;
    for (String c : new String[] {SERIES, LOG, SEGMENTS, SEGMENT_DIRS, HEAD_SNAPSHOTS, BLOCKS, BLOCK_METAS}) {
      try {
        org.apache.ignite.spi.metric.Metric m = ((org.apache.ignite.internal.IgniteEx) ignite).context().metric()
            .registry("cache." + c).findMetric(name);
        if (m instanceof org.apache.ignite.spi.metric.LongMetric) {
          long v = ((org.apache.ignite.spi.metric.LongMetric) m).value();
          n = groupWide ? Math.max(n, v) : n + v;
        }
      } catch (RuntimeException e) {
        // metrics unavailable: count nothing
      }
    }
    return n;
  }

  /** Off-heap pages in use by the data region, in bytes (for /metrics). */
  public long offHeapUsedBytes() {
    try {
      var m = ignite.dataRegionMetrics("hearth");
      return m == null ? 0 : m.getOffheapUsedSize();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** Sets the baseline to every server node online now plus the given extra consistent ids online. */
  public void addToBaseline(String node) {
    java.util.Collection<org.apache.ignite.cluster.BaselineNode> bl = ignite.cluster().currentBaselineTopology();
    List<org.apache.ignite.cluster.BaselineNode> next = new ArrayList<>(bl == null ? List.of() : bl);
    for (org.apache.ignite.cluster.BaselineNode b : next) {
      if (String.valueOf(b.consistentId()).equals(node)) throw new IllegalArgumentException("node " + node + " is already in the baseline");
    }
    org.apache.ignite.cluster.ClusterNode found = null;
    for (org.apache.ignite.cluster.ClusterNode n : ignite.cluster().forServers().nodes()) {
      if (String.valueOf(n.consistentId()).equals(node)) found = n;
    }
    if (found == null) throw new IllegalArgumentException("node " + node + " is not online: start it first, then add it");
    next.add(found);
    ignite.cluster().setBaselineTopology(next);
  }

  /** Removes a node from the baseline; its partitions move to the remaining baseline nodes. */
  public void removeFromBaseline(String node) {
    java.util.Collection<org.apache.ignite.cluster.BaselineNode> bl = ignite.cluster().currentBaselineTopology();
    if (bl == null) throw new IllegalArgumentException("the cluster has no baseline yet");
    List<org.apache.ignite.cluster.BaselineNode> next = new ArrayList<>();
    boolean removed = false;
    for (org.apache.ignite.cluster.BaselineNode b : bl) {
      if (String.valueOf(b.consistentId()).equals(node)) removed = true;
      else next.add(b);
    }
    if (!removed) throw new IllegalArgumentException("node " + node + " is not in the baseline");
    for (org.apache.ignite.cluster.ClusterNode n : ignite.cluster().forServers().nodes()) {
      if (String.valueOf(n.consistentId()).equals(node)) {
        throw new IllegalArgumentException("node " + node + " is still running: stop it first (it hands its partitions to their"
            + " backups), then remove it; the remaining nodes then copy its partitions again to restore the replication factor");
      }
    }
    if (next.isEmpty()) throw new IllegalArgumentException("cannot remove the last baseline node");
    ignite.cluster().setBaselineTopology(next);
  }

  /**
   * Makes a cluster-wide snapshot named {@code name} of Hearth's caches while writes go on, and
   * waits for it (Ignite's cluster snapshot: every node copies its partition files, consistent at one
   * point: every write acknowledged before this call is in it). Each node's share lands in
   * {@link Snapshots#directory}{@code /<name>}; returns this node's bytes of it.
   *
   * @throws StorageException when Ignite refuses or fails it (another snapshot running, a node left)
   */
  public long createSnapshot(String name, long timeoutMs) {
    Path snapshots = Snapshots.directory(settings.workDir());
    Path logCopy = snapshots.resolve("." + name + "-" + Snapshots.INGEST_LOG);
    LogFiles log = ingestLog;
    try {
      // The log first, then the caches: a batch acknowledged before the request is in the copy,
      // or was truncated before it and so is in the caches' cut, which comes after (a batch in
      // both is replayed over data that holds it, as after a kill between a checkpoint and its
      // truncation).
      if (log != null) log.copyTo(logCopy);
      ignite.snapshot().createSnapshot(name).get(timeoutMs);
      if (log != null) Files.move(logCopy, snapshots.resolve(name).resolve(Snapshots.INGEST_LOG));
    } catch (IOException e) {
      throw new StorageException("snapshot " + name + " failed copying the ingest log: " + e, e);
    } catch (RuntimeException e) {
      throw new StorageException("snapshot " + name + " failed: " + rootMessage(e), e);
    } finally {
      if (log != null && Files.exists(logCopy)) Snapshots.deleteQuietly(logCopy);
    }
    return directoryBytes(snapshots.resolve(name));
  }

  /** Where a node alone keeps its ingest log files ({@link IgnitePersistence#alone}). */
  public static Path ingestLogDirectory(Path workDir) {
    return workDir.toAbsolutePath().resolve(Snapshots.INGEST_LOG);
  }

  private volatile LogFiles ingestLog;

  /** The ingest log files of a node alone, which {@link #createSnapshot} copies with the caches. */
  void attachIngestLog(LogFiles log) {
    this.ingestLog = log;
  }

  private static String rootMessage(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null && c.getCause() != c) c = c.getCause();
    return c.getMessage() == null ? c.toString() : c.getMessage();
  }

  /**
   * Decommissions a running node: removes it from the baseline while it still serves, so its
   * partitions are copied to the remaining baseline nodes (rebalance) and move away once they are
   * whole there; until then it keeps serving them. Progress shows in {@link #clusterStatus()} (the
   * node's partition counts fall to 0); then it can be stopped without any data moving.
   *
   * @throws IllegalArgumentException naming the reason when the node is not in the baseline, not
   *     online, another baseline node is offline, or fewer baseline nodes than the replication factor
   *     would remain; nothing changes then
   */
  public void decommission(String node) {
    java.util.Collection<org.apache.ignite.cluster.BaselineNode> bl = ignite.cluster().currentBaselineTopology();
    if (bl == null) throw new IllegalArgumentException("the cluster has no baseline yet");
    java.util.Set<String> online = new java.util.HashSet<>();
    for (org.apache.ignite.cluster.ClusterNode n : ignite.cluster().forServers().nodes()) online.add(String.valueOf(n.consistentId()));
    List<org.apache.ignite.cluster.BaselineNode> next = new ArrayList<>();
    boolean found = false;
    for (org.apache.ignite.cluster.BaselineNode b : bl) {
      String id = String.valueOf(b.consistentId());
      if (id.equals(node)) {
        found = true;
        continue;
      }
      if (!online.contains(id)) {
        throw new IllegalArgumentException("baseline node " + id + " is offline: start it again or remove it from the baseline"
            + " (baseline/remove) before decommissioning " + node);
      }
      next.add(b);
    }
    if (!found) throw new IllegalArgumentException("node " + node + " is not in the baseline");
    if (!online.contains(node)) {
      throw new IllegalArgumentException("node " + node + " is not online: decommission moves data away from a running node;"
          + " for a stopped node use baseline/remove");
    }
    if (next.size() < settings.replicationFactor()) {
      throw new IllegalArgumentException("decommissioning " + node + " would leave " + next.size() + " baseline nodes for replication"
          + " factor " + settings.replicationFactor() + ": add a node first");
    }
    // The public setBaselineTopology refuses to drop an online node (its check runs before the state
    // change); the state change itself is the same one it makes after that check: the affinity leaves
    // the node out, its partitions are copied to the others while it keeps serving them, then evicted.
    try {
      ((org.apache.ignite.internal.IgniteEx) ignite).context().state().changeGlobalState(ClusterState.ACTIVE, false, next, true).get();
    } catch (org.apache.ignite.IgniteCheckedException e) {
      throw new StorageException("decommission of " + node + " failed: " + e.getMessage(), e);
    }
  }

  private volatile BaselineFollower follower;

  /**
   * From now on, a node that has been online outside the baseline for {@code settleMs} is added to it
   * (never removed; see {@link BaselineFollower}). Call once, on a cluster node.
   */
  public synchronized void followBaseline(long settleMs) {
    if (follower != null) throw new IllegalStateException("already following the baseline");
    follower = new BaselineFollower(ignite, settleMs, System::currentTimeMillis);
    follower.start();
  }

  @Override
  public void close() {
    BaselineFollower f = follower;
    if (f != null) f.close();
    Ignition.stop(ignite.name(), false);
  }
}
