package io.hearth.sharding.ignite;

import io.hearth.sharding.api.ReplicaElection;
import io.hearth.sharding.api.ReplicaElections;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.wire.ByteSink;
import io.hearth.sharding.wire.ByteSource;
import java.util.Map;
import java.util.TreeMap;
import javax.cache.Cache;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * The HA replica elections of the whole cluster in one small Ignite cache: REPLICATED (every node
 * holds every election, so a read is local), ATOMIC with FULL_SYNC writes, persisted with the rest
 * of the data. The key is the cluster label's value; the value is Hearth's own encoding (version
 * byte, replica, elected-at, last-seen). Compare-and-set is {@code IgniteCache#replace(k, old,
 * new)} and {@code putIfAbsent}, which compare the stored bytes with the expected ones; the
 * encoding is canonical (one byte string per election), so equal elections compare equal.
 */
public final class IgniteReplicaElections implements ReplicaElections {
  static final String CACHE = "hearth-ha-elections";
  private static final int VERSION = 1;
  /** Few elections: a handful of partitions keeps the per-partition files and rebalance small. */
  private static final int PARTITIONS = 8;

  private final IgniteCache<String, byte[]> cache;

  public IgniteReplicaElections(IgniteStore store) {
    this.cache = store.ignite().getOrCreateCache(new CacheConfiguration<String, byte[]>(CACHE)
        .setCacheMode(CacheMode.REPLICATED)
        .setAtomicityMode(CacheAtomicityMode.ATOMIC)
        .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
        .setAffinity(new RendezvousAffinityFunction(false, PARTITIONS)));
  }

  @Override
  public ReplicaElection get(String cluster) {
    try {
      return decode(cluster, cache.get(cluster));
    } catch (IgniteException | IllegalStateException | javax.cache.CacheException e) {
      throw unavailable("read", cluster, e);
    }
  }

  @Override
  public ReplicaElection putIfAbsent(String cluster, ReplicaElection election) {
    try {
      byte[] mine = encode(election);
      byte[] before = cache.getAndPutIfAbsent(cluster, mine);
      return before == null ? election : decode(cluster, before);
    } catch (IgniteException | IllegalStateException | javax.cache.CacheException e) {
      throw unavailable("create", cluster, e);
    }
  }

  @Override
  public boolean replace(String cluster, ReplicaElection expected, ReplicaElection next) {
    try {
      return cache.replace(cluster, encode(expected), encode(next));
    } catch (IgniteException | IllegalStateException | javax.cache.CacheException e) {
      throw unavailable("update", cluster, e);
    }
  }

  @Override
  public Map<String, ReplicaElection> all() {
    Map<String, ReplicaElection> out = new TreeMap<>();
    try (QueryCursor<Cache.Entry<String, byte[]>> cur = cache.query(new ScanQuery<String, byte[]>())) {
      for (Cache.Entry<String, byte[]> e : cur) out.put(e.getKey(), decode(e.getKey(), e.getValue()));
    } catch (IgniteException | IllegalStateException | javax.cache.CacheException e) {
      throw unavailable("list", "*", e);
    }
    return out;
  }

  static byte[] encode(ReplicaElection e) {
    ByteSink out = new ByteSink(32 + e.replica().length());
    out.writeByte(VERSION);
    out.writeString(e.replica());
    out.writeLong(e.electedAtMs());
    out.writeLong(e.lastSeenMs());
    return out.toByteArray();
  }

  static ReplicaElection decode(String cluster, byte[] b) {
    if (b == null) return null;
    ByteSource in = new ByteSource().reset(b, 0, b.length, "replica election of HA cluster " + cluster);
    int version = in.readByte();
    StorageException.UnsupportedVersion.require("replica election", "HA cluster " + cluster, version, VERSION);
    return new ReplicaElection(in.readString(), in.readLong(), in.readLong());
  }

  private static StorageException.Unavailable unavailable(String op, String cluster, RuntimeException e) {
    return new StorageException.Unavailable("replica election store unavailable [op=" + op + ", cluster=" + cluster + "]: "
        + e.getMessage(), e);
  }
}
