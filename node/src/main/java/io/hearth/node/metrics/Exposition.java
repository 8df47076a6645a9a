package io.hearth.node.metrics;

import io.hearth.sharding.head.Head;
import io.hearth.sharding.head.HeadMetrics;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Renders the node's {@code /metrics} in the Prometheus text format 0.0.4: ingest, storage, query,
 * HTTP, JVM and Ignite figures. Names follow Prometheus's conventions ({@code _total} counters,
 * base units).
 */
public final class Exposition {
  private final StringBuilder sb = new StringBuilder(16 * 1024);

  public static String render(NodeMetrics m, Head head, LongSupplier igniteOffHeap, long startMillis, String version) {
    return render(m, head, igniteOffHeap, startMillis, version, null);
  }

  /** As above, with the cluster figures of a cluster node ({@code cluster} null on a single node). */
  public static String render(NodeMetrics m, Head head, LongSupplier igniteOffHeap, long startMillis, String version,
      ClusterFigures cluster) {
    Exposition e = new Exposition();
    if (cluster != null) e.cluster(cluster);
    HeadMetrics h = head.metrics();
    e.counter("hearth_samples_ingested_total", "Float samples accepted through remote write.", m.samplesIngested.sum());
    e.counter("hearth_histograms_ingested_total", "Native histogram samples accepted through remote write.", m.histogramsIngested.sum());
    e.labelled("hearth_samples_rejected_total", "counter", "Samples rejected on ingest, by reason.", "reason", m.rejectedByReason);
    e.labelled("hearth_remote_write_requests_total", "counter", "Remote-write requests by result.", "result", m.remoteWriteByResult);
    e.counter("hearth_head_samples_appended_total", "Samples appended to the head (all sources).", h.samplesAppended.sum());
    e.counter("hearth_head_samples_out_of_order_total", "Samples dropped as out of order.", h.samplesOutOfOrder.sum());
    e.gauge("hearth_head_series", "Series held in memory by this node: the active ones (idle series are in index blocks).", head.numSeries());
    e.counter("hearth_head_series_created_total", "Series created in the head.", h.seriesCreated.sum());
    e.counter("hearth_head_series_removed_total", "Series removed from the head (idle, or their partition moved).", h.seriesRemoved.sum());
    e.counter("hearth_head_samples_too_old_total", "Samples refused as older than retention or than a series that left the head.", h.samplesTooOld.sum());
    e.counter("hearth_head_samples_too_far_in_future_total", "Samples refused as later than the wall clock plus --storage.tsdb.max-future-time.", h.samplesTooFarInFuture.sum());
    e.counter("hearth_head_samples_series_limited_total", "Samples refused because they would create a series beyond --storage.max-active-series.", h.samplesSeriesLimited.sum());
    e.counter("hearth_head_truncations_total", "Head truncations (chunk locations moved to index blocks, idle series removed).", h.truncations.sum());
    e.gauge("hearth_head_snapshot_bytes", "Bytes of the partitions' last head snapshots (what each checkpoint rewrites).", head.headSnapshotBytes());
    e.gauge("hearth_index_blocks", "Index blocks of the partitions this node serves.", head.blockCount());
    e.counter("hearth_index_blocks_deleted_total", "Index blocks deleted by retention.", h.blocksDeleted.sum());
    e.counter("hearth_storage_errors_total", "Background storage steps that failed (each is retried with backoff).", h.storageErrors.sum());
    e.counter("hearth_head_chunks_cut_total", "Head chunks sealed.", h.chunksCut.sum());
    e.gauge("hearth_segments", "Persisted segments.", head.segmentCount());
    e.gauge("hearth_segment_bytes", "Bytes of persisted segments (compressed chunk data).", head.segmentBytes());
    e.counter("hearth_segment_bytes_written_total", "Bytes of segments written.", h.segmentBytesWritten.sum());
    e.counter("hearth_segments_deleted_total", "Segments deleted by retention.", h.segmentsDeleted.sum());
    e.counter("hearth_segment_cache_hits_total", "Segment reads served by the cache of decompressed segments.", h.segmentCacheHits.sum());
    e.counter("hearth_segment_cache_misses_total", "Segment reads that decompressed a segment.", h.segmentCacheMisses.sum());
    e.gauge("hearth_segment_cache_bytes", "Bytes of decompressed segments held by the cache.", head.segmentCacheBytes());
    e.counter("hearth_index_block_cache_hits_total", "Index block reads served by the cache of decoded blocks.", h.blockCacheHits.sum());
    e.counter("hearth_index_block_cache_misses_total", "Index block reads that decoded a block and built its postings.", h.blockCacheMisses.sum());
    e.gauge("hearth_index_block_cache_bytes", "Bytes of decoded index blocks (columns and postings) held by the cache.", head.blockCacheBytes());
    e.counter("hearth_checkpoints_total", "Partition checkpoints (heads cut, ingest log truncated).", h.checkpoints.sum());
    e.counter("hearth_ingest_log_bytes_written_total", "Bytes of ingest-log records written, before the store compresses them.", h.logBytesWritten.sum());
    e.gauge("hearth_ingest_log_bytes", "Bytes of ingest log records awaiting a checkpoint (written, not yet truncated), before compression.", head.logBytes());
    if (head.logFileCount() >= 0) {
      e.gauge("hearth_ingest_log_files", "Ingest log files on disk (a node alone; a cluster keeps its log in Ignite).", head.logFileCount());
      e.gauge("hearth_ingest_log_file_bytes", "Bytes of the ingest log files on disk, as stored (compressed).", head.logFileBytes());
    }
    e.counter("hearth_commits_total", "Storage commits.", h.commits.sum());
    e.counter("hearth_commits_overloaded_total", "Commits refused because storage was overloaded.", h.commitsOverloaded.sum());
    if (head.minTime() != Long.MAX_VALUE) {
      e.gauge("hearth_storage_min_time_seconds", "Oldest sample time.", head.minTime() / 1000.0);
      e.gauge("hearth_storage_max_time_seconds", "Newest sample time.", head.maxTime() / 1000.0);
    }
    e.counter("hearth_query_failures_total", "Queries that ended in an error.", m.queriesFailed.sum());
    e.histograms("hearth_query_duration_seconds", "Query duration by kind.", "kind", m.queryDurations);
    if (m.resultsCache != null) {
      e.counter("hearth_query_results_cache_hits_total", "Range queries answered from the results cache alone.", m.resultsCache.hits());
      e.counter("hearth_query_results_cache_partial_hits_total", "Range queries that evaluated only the steps the results cache did not hold.", m.resultsCache.partialHits());
      e.counter("hearth_query_results_cache_misses_total", "Cacheable range queries evaluated in full.", m.resultsCache.misses());
      e.gauge("hearth_query_results_cache_bytes", "Estimated heap bytes of range query results held.", m.resultsCache.bytes());
    }
    e.notifications(m.notifications);
    e.ha(m.ha);
    Map<String, LongAdder> http = new TreeMap<>(m.httpRequests);
    e.header("hearth_http_requests_total", "counter", "HTTP requests by handler and code.");
    http.forEach((k, v) -> {
      String[] parts = k.split("\u0000");
      e.sb.append("hearth_http_requests_total{code=\"").append(parts[1]).append("\",handler=\"").append(esc(parts[0]))
          .append("\"} ").append(v.sum()).append('\n');
    });
    e.gauge("hearth_ignite_offheap_used_bytes", "Ignite data region pages in use.", igniteOffHeap.getAsLong());
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    e.header("jvm_memory_used_bytes", "gauge", "JVM memory in use by area.");
    e.sb.append("jvm_memory_used_bytes{area=\"heap\"} ").append(mem.getHeapMemoryUsage().getUsed()).append('\n');
    e.sb.append("jvm_memory_used_bytes{area=\"nonheap\"} ").append(mem.getNonHeapMemoryUsage().getUsed()).append('\n');
    e.gauge("jvm_memory_max_bytes", "Maximum heap.", Runtime.getRuntime().maxMemory());
    e.gauge("jvm_threads_current", "Live JVM threads.", ManagementFactory.getThreadMXBean().getThreadCount());
    e.header("jvm_gc_collection_seconds_total", "counter", "Time spent in garbage collection.");
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      e.sb.append("jvm_gc_collection_seconds_total{gc=\"").append(esc(gc.getName())).append("\"} ")
          .append(gc.getCollectionTime() / 1000.0).append('\n');
    }
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
      e.counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", os.getProcessCpuTime() / 1e9);
      e.gauge("process_open_fds", "Number of open file descriptors.", os.getOpenFileDescriptorCount());
      e.gauge("process_max_fds", "Maximum number of open file descriptors.", os.getMaxFileDescriptorCount());
    }
    e.gauge("process_resident_memory_bytes", "Resident memory size in bytes.", residentBytes());
    e.gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", startMillis / 1000.0);
    e.header("hearth_build_info", "gauge", "Build information.");
    e.sb.append("hearth_build_info{version=\"").append(esc(version)).append("\",javaversion=\"")
        .append(esc(System.getProperty("java.version"))).append("\"} 1\n");
    return e.sb.toString();
  }

  private void cluster(ClusterFigures c) {
    gauge("hearth_cluster_partitions_served", "Partitions this node serves (it is their primary and has loaded them).", c.partitionsServed());
    gauge("hearth_cluster_ready", "1 when this node serves every partition it is primary for.", c.ready() ? 1 : 0);
    gauge("hearth_cluster_topology_version", "Affinity version this node last served at.", c.topologyVersion());
    counter("hearth_cluster_partitions_loaded_total", "Partitions loaded because this node became their primary.", c.partitionsLoaded());
    counter("hearth_cluster_partitions_released_total", "Partitions released because another node became their primary.", c.partitionsReleased());
    counter("hearth_cluster_write_messages_total", "Routed write messages sent to partition owners.", c.writeMessages());
    counter("hearth_cluster_write_bytes_total", "Bytes of routed write messages.", c.writeBytes());
    counter("hearth_cluster_write_reroutes_total", "Write parts sent again because ownership moved.", c.writeReroutes());
    counter("hearth_cluster_read_requests_total", "Series and label reads sent to partition owners.", c.readRequests());
    counter("hearth_cluster_read_bytes_total", "Bytes of answers to series and label reads.", c.readBytes());
    counter("hearth_query_fragments_total", "Query fragments (pushed-down aggregations) sent to shards.", c.fragments());
    counter("hearth_query_fragment_bytes_total", "Bytes of answers to query fragments.", c.fragmentBytes());
    counter("hearth_cluster_rebalanced_keys_total", "Store entries this node received by rebalancing since it started.", c.rebalancedKeys());
    counter("hearth_cluster_rebalanced_bytes_total", "Bytes of store entries this node received by rebalancing since it started.", c.rebalancedBytes());
  }

  private void notifications(NotifierMetrics n) {
    labelled("hearth_notifications_sent_total", "counter", "Total number of alerts sent.", "alertmanager", n.sent);
    labelled("hearth_notifications_errors_total", "counter", "Total number of sent alerts affected by errors.",
        "alertmanager", n.errors);
    counter("hearth_notifications_dropped_total", "Total number of alerts dropped due to errors when sending to "
        + "Alertmanager or a full queue.", n.dropped.sum());
    gauge("hearth_notifications_queue_length", "The number of alert notifications in the queue.", n.queueLength());
    gauge("hearth_notifications_queue_capacity", "The capacity of the alert notifications queue.", n.queueCapacity());
    gauge("hearth_notifications_alertmanagers_discovered", "The number of alertmanagers discovered and active.",
        n.alertmanagersDiscovered());
    histograms("hearth_notifications_latency_seconds", "Latency of sending alert notifications.", "alertmanager",
        n.latency);
  }

  private void ha(HaMetrics ha) {
    io.hearth.sharding.ha.ReplicaTracker t = ha.tracker();
    if (t == null) return;
    labelled("hearth_ha_dropped_samples_total", "counter", "Samples (floats and histograms) of HA replicas that are not the "
        + "elected one, dropped by this node, by HA cluster.", "cluster", ha.droppedSamples);
    counter("hearth_ha_failovers_total", "Elections this node made because the elected replica of an HA cluster was unseen "
        + "for the failover timeout.", t.failovers());
    header("hearth_ha_elected_replica", "gauge", "1 for the elected replica of each HA cluster (cluster-wide election).");
    ha.elections().forEach((cluster, e) -> sb.append("hearth_ha_elected_replica{cluster=\"").append(esc(cluster))
        .append("\",replica=\"").append(esc(e.replica())).append("\"} 1\n"));
  }

  static long residentBytes() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    } catch (Exception e) {
      // not on Linux
    }
    return 0;
  }

  private static String esc(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private void header(String name, String type, String help) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private void counter(String name, String help, double v) {
    header(name, "counter", help);
    sb.append(name).append(' ').append(num(v)).append('\n');
  }

  private void gauge(String name, String help, double v) {
    header(name, "gauge", help);
    sb.append(name).append(' ').append(num(v)).append('\n');
  }

  private void labelled(String name, String type, String help, String label, Map<String, LongAdder> values) {
    header(name, type, help);
    new TreeMap<>(values).forEach((k, v) -> sb.append(name).append('{').append(label).append("=\"").append(esc(k))
        .append("\"} ").append(v.sum()).append('\n'));
  }

  private void histograms(String name, String help, String label, Map<String, NodeMetrics.Histogram> hs) {
    header(name, "histogram", help);
    new TreeMap<>(hs).forEach((k, h) -> {
      long cum = 0;
      for (int i = 0; i < h.bounds.length; i++) {
        cum += h.counts[i].sum();
        sb.append(name).append("_bucket{").append(label).append("=\"").append(esc(k)).append("\",le=\"").append(num(h.bounds[i]))
            .append("\"} ").append(cum).append('\n');
      }
      sb.append(name).append("_bucket{").append(label).append("=\"").append(esc(k)).append("\",le=\"+Inf\"} ").append(h.count.sum()).append('\n');
      sb.append(name).append("_sum{").append(label).append("=\"").append(esc(k)).append("\"} ").append(num(h.sum.sum())).append('\n');
      sb.append(name).append("_count{").append(label).append("=\"").append(esc(k)).append("\"} ").append(h.count.sum()).append('\n');
    });
  }

  private static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    return Double.toString(v);
  }
}
