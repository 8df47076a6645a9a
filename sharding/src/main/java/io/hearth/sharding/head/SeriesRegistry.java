package io.hearth.sharding.head;

import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Partitioning;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.index.MemPostings;
import java.util.Arrays;
import java.util.HashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The series the head holds now: by labels, by id and by a dense ref for the postings. Series
 * that went idle leave it (their data stays in index blocks), so its size follows the active
 * series, not every series ever seen.
 *
 * <p>Ids are the 64-bit label hash; a collision with a series in memory or with a durable
 * definition takes the next free id, so two label sets never share one. Creation and removal
 * are serialized by one lock; lookups are lock-free.
 */
final class SeriesRegistry {
  private final HeadPersistence persistence;
  private final HeadMetrics metrics;
  private final int numPartitions;
  private final Partition[] partitions;
  final MemPostings postings = new MemPostings();
  private final ConcurrentHashMap<Labels, MemSeries> byLabels = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, MemSeries> byId = new ConcurrentHashMap<>();
  private volatile MemSeries[] byRef = new MemSeries[1024];
  /** Refs freed by removed series, reused so that the ref space follows the live series. */
  private int[] freeRefs = new int[64];
  private int numFree;
  private int nextRef;
  private final Object lock = new Object();
  /** Label names and values shared by all series (most repeat: job, namespace, le...). */
  private final HashMap<String, String> strings = new HashMap<>();

  SeriesRegistry(HeadPersistence persistence, HeadMetrics metrics, Partition[] partitions) {
    this.persistence = persistence;
    this.metrics = metrics;
    this.partitions = partitions;
    this.numPartitions = partitions.length;
  }

  /**
   * The live series of {@code labels}, or null. Labels instances seen before carry their series as a
   * {@link Labels#storeHint() hint}, checked here to be a live series of this registry (made by it,
   * not removed: fields of the series itself, so the check reads no other memory), so a series sent
   * again is found without a hash lookup.
   */
  MemSeries get(Labels labels) {
    if (labels.storeHint() instanceof MemSeries hinted && hinted.registry == this && !hinted.removed) {
      return hinted;
    }
    MemSeries s = byLabels.get(labels);
    if (s != null) labels.storeHint(s);
    return s;
  }

  MemSeries byId(long id) {
    return byId.get(id);
  }

  MemSeries byRef(int ref) {
    MemSeries[] a = byRef;
    return ref < a.length ? a[ref] : null;
  }

  long size() {
    return byLabels.size();
  }

  /**
   * The series of {@code labels}, created when the head does not hold it. A durable definition
   * with the same id and other labels (a hash collision with a series that left the head) moves
   * the new series to the next free id, as one in memory does.
   */
  MemSeries getOrCreate(Labels labels) {
    MemSeries s = get(labels);
    if (s != null) return s;
    int partition = Partitioning.partition(labels, numPartitions);
    if (!partitions[partition].loaded) {
      throw new StorageException.NotOwner("partition " + partition + " is not served by this node");
    }
    synchronized (lock) {
      s = byLabels.get(labels);
      if (s != null) return s;
      long id = labels.hash64();
      boolean durable = false;
      while (true) {
        MemSeries other = byId.get(id);
        if (other != null) {
          id++;
          continue;
        }
        Labels stored = persistence.seriesLabels(partition, id);
        if (stored == null) break;
        if (stored.equals(labels)) {
          durable = true;
          break;
        }
        id++;
      }
      s = register(id, labels, partition);
      s.definitionPersisted = durable;
      metrics.seriesCreated.increment();
      return s;
    }
  }

  /** Recovery: the series of a durable definition, registered under its stored id. */
  MemSeries recovered(long id, Labels labels, int partition) {
    synchronized (lock) {
      MemSeries s = byId.get(id);
      if (s != null) return s;
      s = register(id, labels, partition);
      s.definitionPersisted = true;
      return s;
    }
  }

  private String intern(String v) {
    // Series churn would grow the pool forever: start a fresh pool when it is far larger than needed.
    if (strings.size() > 8 * byLabels.size() + 100_000) strings.clear();
    String s = strings.putIfAbsent(v, v);
    return s == null ? v : s;
  }

  private MemSeries register(long id, Labels original, int partition) {
    // The caller's instance is kept, its strings swapped for the pooled ones: a caller that holds
    // on to it (a decoder's series cache) then finds its series by identity, with the hash it
    // computed once, and series share their strings whatever path created them.
    original.shareStrings(this::intern);
    Labels labels = original;
    int ref;
    if (numFree > 0) {
      ref = freeRefs[--numFree];
    } else {
      ref = nextRef++;
      if (ref >= byRef.length) byRef = Arrays.copyOf(byRef, byRef.length * 2);
    }
    MemSeries s = new MemSeries(ref, id, labels, partition, this);
    byRef[ref] = s;
    byId.put(id, s);
    byLabels.put(labels, s);
    labels.storeHint(s);
    postings.add(ref, labels);
    partitions[partition].series.add(s);
    return s;
  }

  /** Forgets a series (its durable definition and data stay). */
  void remove(MemSeries s) {
    synchronized (lock) {
      if (s.removed) return;
      s.removed = true;
      byLabels.remove(s.labels, s);
      byId.remove(s.id, s);
      postings.remove(s.ref, s.labels);
      byRef[s.ref] = null;
      if (s.labels.storeHint() == s) s.labels.storeHint(null);
      partitions[s.partition].series.remove(s);
      if (numFree == freeRefs.length) freeRefs = Arrays.copyOf(freeRefs, numFree * 2);
      freeRefs[numFree++] = s.ref;
    }
    metrics.seriesRemoved.increment();
  }
}
