package io.hearth.sharding.head;

import io.hearth.sharding.api.Labels;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link HeadPersistence} in plain maps, for tests of durability that need no Ignite: the maps
 * outlive the head, so "reopening" is {@code Head.open(options, samePersistence)}.
 */
final class MemoryPersistence implements HeadPersistence {
  private final Map<Long, Labels> series = new TreeMap<>();
  private final Map<Long, Integer> seriesPartition = new TreeMap<>();
  private final Map<String, byte[]> segments = new TreeMap<>();
  private final Map<String, byte[]> directories = new TreeMap<>();
  private final Map<Integer, TreeMap<Long, byte[]>> log = new TreeMap<>();
  private final Map<Integer, byte[]> headSnapshots = new TreeMap<>();
  private final Map<String, byte[]> blocks = new TreeMap<>();
  private final Map<String, byte[]> blockMetas = new TreeMap<>();
  int batchesLogged;

  /** Test set-up: a durable series definition as if written earlier. */
  synchronized void seedSeries(long id, Labels labels) {
    series.put(id, labels);
    seriesPartition.put(id, io.hearth.sharding.api.Partitioning.partition(labels, HeadOptions.defaults().partitions()));
  }

  /** Test set-up: a durable log batch as if written earlier. */
  synchronized void seedLog(int partition, byte[] batch) {
    TreeMap<Long, byte[]> l = log.computeIfAbsent(partition, k -> new TreeMap<>());
    l.put(l.isEmpty() ? 0 : l.lastKey() + 1, batch);
  }

  private static String key(int p, long seq) {
    return p + "/" + seq;
  }

  @Override
  public synchronized void logAndWait(List<SeriesDefinition> newSeries, List<PartitionRecords> records) {
    for (SeriesDefinition d : newSeries) {
      series.put(d.id(), d.labels());
      seriesPartition.put(d.id(), d.partition());
    }
    for (PartitionRecords r : records) {
      TreeMap<Long, byte[]> l = log.computeIfAbsent(r.partition(), k -> new TreeMap<>());
      byte[] b = java.util.Arrays.copyOfRange(r.bytes(), r.offset(), r.offset() + r.length());
      l.put(l.isEmpty() ? 0 : l.lastKey() + 1, b);
      batchesLogged++;
    }
  }

  @Override
  public synchronized void writeSegment(int partition, long seq, byte[] blob, byte[] directory) {
    segments.put(key(partition, seq), blob);
    directories.put(key(partition, seq), directory);
  }

  @Override
  public synchronized byte[] readSegment(int partition, long seq) {
    byte[] b = segments.get(key(partition, seq));
    if (b == null) throw new io.hearth.sharding.api.StorageException("segment " + key(partition, seq) + " is missing");
    return b;
  }

  @Override
  public synchronized void deleteSegment(int partition, long seq) {
    segments.remove(key(partition, seq));
    directories.remove(key(partition, seq));
  }

  @Override
  public synchronized long lastLogSeq(int partition) {
    TreeMap<Long, byte[]> l = log.get(partition);
    return l == null || l.isEmpty() ? -1 : l.lastKey();
  }

  @Override
  public synchronized void truncateLog(int partition, long upToSeq) {
    TreeMap<Long, byte[]> l = log.get(partition);
    if (l != null) l.headMap(upToSeq, true).clear();
  }

  @Override
  public synchronized void deleteSeries(int partition, long id) {
    series.remove(id);
  }

  @Override
  public synchronized void writeHeadSnapshot(int partition, byte[] blob) {
    headSnapshots.put(partition, blob.clone());
  }

  @Override
  public synchronized byte[] readHeadSnapshot(int partition) {
    return headSnapshots.get(partition);
  }

  @Override
  public synchronized Labels seriesLabels(int partition, long id) {
    Integer p = seriesPartition.get(id);
    return p != null && p == partition ? series.get(id) : null;
  }

  @Override
  public synchronized void writeBlock(int partition, long seq, byte[] blob, byte[] meta) {
    blocks.put(key(partition, seq), blob.clone());
    blockMetas.put(key(partition, seq), meta.clone());
  }

  @Override
  public synchronized byte[] readBlock(int partition, long seq) {
    return blocks.get(key(partition, seq));
  }

  @Override
  public synchronized void deleteBlock(int partition, long seq) {
    blockMetas.remove(key(partition, seq));
    blocks.remove(key(partition, seq));
  }

  @Override
  public synchronized void forEachBlockMeta(int partition, SegmentVisitor f) {
    blockMetas.forEach((k, meta) -> {
      String[] pk = k.split("/");
      if (Integer.parseInt(pk[0]) == partition) f.visit(partition, Long.parseLong(pk[1]), meta);
    });
  }

  synchronized int seriesDefinitions() {
    return series.size();
  }

  synchronized int blockCount() {
    return blockMetas.size();
  }

  @Override
  public synchronized void forEachSegmentDirectory(int partition, SegmentVisitor f) {
    directories.forEach((k, dir) -> {
      String[] pk = k.split("/");
      if (Integer.parseInt(pk[0]) == partition) f.visit(partition, Long.parseLong(pk[1]), dir);
    });
  }

  @Override
  public synchronized void forEachLogBatch(int partition, LogVisitor f) {
    TreeMap<Long, byte[]> l = log.get(partition);
    if (l != null) l.forEach(f::visit);
  }

  synchronized int segmentCount() {
    return segments.size();
  }

  @Override
  public void close() {}
}
