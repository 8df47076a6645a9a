package io.hearth.benchmarks.exposition;

import io.hearth.benchmarks.exposition.ExpositionWriter.Format;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Realistic exposition bodies for the parser benchmarks and the scrape target server.
 *
 * <p>Values are a function of (seed, series position, time): counters grow with {@code tSec} at a
 * per-series rate, gauges wander around a per-series level, histogram buckets fill over time. Two
 * calls with the same arguments give the same bytes; the same series keeps its position (and so
 * its value stream) across calls with different {@code tSec}.
 */
public final class Bodies {
  private Bodies() {}

  /** How big a node_exporter-like body is. */
  public record NodeShape(int cpus, int disks, int filesystems, int netDevices, int collectors, int httpHandlers,
      int rpcMethods) {
    /** ~1,000 samples: a mid-size server. */
    public static final NodeShape SERVER = new NodeShape(32, 4, 8, 6, 30, 12, 4);
    /** ~300 samples: a small VM, the per-target body of the scrape benchmark. */
    public static final NodeShape SMALL_VM = new NodeShape(4, 2, 4, 2, 10, 2, 1);
  }

  private static final String[] CPU_MODES = {"guest", "idle", "iowait", "irq", "nice", "softirq", "steal", "system",
      "user"};
  private static final String[] DISK_COUNTERS = {"reads_completed", "reads_merged", "read_bytes",
      "read_time_seconds", "writes_completed", "writes_merged", "written_bytes", "write_time_seconds",
      "io_time_seconds", "io_time_weighted_seconds", "discards_completed", "discards_merged", "discarded_sectors",
      "discard_time_seconds", "flush_requests", "flush_requests_time_seconds"};
  private static final String[] FS_GAUGES = {"avail_bytes", "device_error", "files", "files_free", "free_bytes",
      "readonly", "size_bytes"};
  private static final String[] NET_COUNTERS = {"receive_bytes", "receive_compressed", "receive_drop",
      "receive_errs", "receive_fifo", "receive_frame", "receive_multicast", "receive_packets", "transmit_bytes",
      "transmit_carrier", "transmit_colls", "transmit_compressed", "transmit_drop", "transmit_errs",
      "transmit_fifo", "transmit_packets"};
  private static final String[] MEMORY = {"Active", "Active_anon", "Active_file", "AnonHugePages", "AnonPages",
      "Bounce", "Buffers", "Cached", "CommitLimit", "Committed_AS", "DirectMap1G", "DirectMap2M", "DirectMap4k",
      "Dirty", "FileHugePages", "FilePmdMapped", "HardwareCorrupted", "HugePages_Free", "HugePages_Rsvd",
      "HugePages_Surp", "HugePages_Total", "Hugepagesize", "Inactive", "Inactive_anon", "Inactive_file",
      "KReclaimable", "KernelStack", "Mapped", "MemAvailable", "MemFree", "MemTotal", "Mlocked", "NFS_Unstable",
      "PageTables", "Percpu", "SReclaimable", "SUnreclaim", "ShmemHugePages", "ShmemPmdMapped", "Shmem", "Slab",
      "SwapCached", "SwapFree", "SwapTotal", "Unevictable", "VmallocChunk", "VmallocTotal", "VmallocUsed",
      "WritebackTmp", "Writeback"};
  private static final String[] NETSTAT = {"Icmp6_InErrors", "Icmp6_InMsgs", "Icmp6_OutMsgs", "Icmp_InErrors",
      "Icmp_InMsgs", "Icmp_OutMsgs", "Ip6_InOctets", "Ip6_OutOctets", "IpExt_InOctets", "IpExt_OutOctets",
      "Ip_Forwarding", "TcpExt_ListenDrops", "TcpExt_ListenOverflows", "TcpExt_SyncookiesFailed",
      "TcpExt_SyncookiesRecv", "TcpExt_SyncookiesSent", "TcpExt_TCPSynRetrans", "TcpExt_TCPTimeouts",
      "Tcp_ActiveOpens", "Tcp_CurrEstab", "Tcp_InErrs", "Tcp_InSegs", "Tcp_OutRsts", "Tcp_OutSegs",
      "Tcp_PassiveOpens", "Tcp_RetransSegs", "Udp6_InDatagrams", "Udp6_InErrors", "Udp6_NoPorts",
      "Udp6_OutDatagrams", "Udp6_RcvbufErrors", "Udp6_SndbufErrors", "UdpLite6_InErrors", "UdpLite_InErrors",
      "Udp_InDatagrams", "Udp_InErrors", "Udp_NoPorts", "Udp_OutDatagrams", "Udp_RcvbufErrors",
      "Udp_SndbufErrors"};
  private static final String[] COLLECTORS = {"arp", "bcache", "bonding", "btrfs", "conntrack", "cpu", "cpufreq",
      "diskstats", "dmi", "edac", "entropy", "fibrechannel", "filefd", "filesystem", "hwmon", "infiniband", "ipvs",
      "loadavg", "mdadm", "meminfo", "netclass", "netdev", "netstat", "nfs", "nfsd", "nvme", "os", "powersupplyclass",
      "pressure", "rapl", "schedstat", "selinux", "sockstat", "softnet", "stat", "tapestats", "textfile", "thermal_zone",
      "time", "timex", "udp_queues", "uname", "vmstat", "xfs", "zfs"};
  private static final String[] HANDLERS = {"/api/v1/query", "/api/v1/query_range", "/api/v1/series",
      "/api/v1/labels", "/api/v1/label/:name/values", "/api/v1/write", "/federate", "/metrics", "/-/ready",
      "/-/healthy", "/api/v1/targets", "/api/v1/rules", "/api/v1/alerts", "/api/v1/status/config"};
  private static final double[] HTTP_BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  private static final double[] QUANTILES = {0, 0.25, 0.5, 0.75, 1};
  private static final double[] RPC_QUANTILES = {0.5, 0.9, 0.99};
  private static final String[] FSTYPES = {"ext4", "xfs", "tmpfs", "vfat", "overlay"};
  private static final String[] MOUNTS = {"/", "/boot", "/boot/efi", "/home", "/var", "/var/lib/docker", "/run",
      "/run/lock", "/srv", "/tmp", "/opt", "/data"};

  /** Per-series value streams: every call moves to the next series position. */
  private static final class Values {
    private final int seed;
    private final long t;
    private int pos;

    Values(int seed, long tSec) {
      this.seed = seed;
      this.t = tSec;
    }

    private long mix() {
      long z = (seed * 0x9E3779B97F4A7C15L) ^ (++pos * 0xBF58476D1CE4E5B9L);
      z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 29);
    }

    /** A counter: a per-series start plus a per-series rate (scaled by {@code scale}) times t. */
    double counter(double scale) {
      long z = mix();
      double start = (z & 0xFFFF) * scale;
      double rate = ((z >>> 16) & 0x3FF) / 1024.0 * scale / 10;
      return Math.floor((start + rate * t) * 1000) / 1000;
    }

    /** An integral counter. */
    long count(double scale) {
      return (long) counter(scale);
    }

    /** A gauge around a per-series level, moving a few percent with time. */
    double gauge(double level) {
      long z = mix();
      double base = level * (0.5 + (z & 0x3FF) / 1024.0);
      double wobble = 1 + 0.05 * Math.sin((t + (z >>> 10 & 0xFFF)) / 60.0);
      return Math.rint(base * wobble);
    }

    /** A fractional gauge (seconds, ratios) with six significant digits. */
    double fraction(double level) {
      long z = mix();
      double v = level * (0.5 + (z & 0x3FF) / 1024.0) * (1 + 0.1 * Math.sin((t + (z >>> 10 & 0xFFF)) / 30.0));
      return Double.parseDouble(String.format("%.6g", v));
    }
  }

  /** A node_exporter-like body (with a Go runtime, HTTP histograms and RPC summaries of the exporter itself). */
  public static String nodeExporterLike(Format f, NodeShape shape, long tSec, int seed) {
    StringBuilder sb = new StringBuilder(shape.cpus() * 1200 + 40_000);
    ExpositionWriter w = new ExpositionWriter(f, sb);
    Values v = new Values(seed, tSec);
    goRuntime(w, v);
    w.histogramFamily("http_request_duration_seconds", "Latency of HTTP requests.");
    for (int h = 0; h < shape.httpHandlers(); h++) {
      String labels = "code=\"200\",handler=\"" + HANDLERS[h % HANDLERS.length] + (h >= HANDLERS.length ? h : "")
          + "\",method=\"GET\"";
      histogram(w, v, "http_request_duration_seconds", labels);
    }
    w.summaryFamily("rpc_durations_seconds", "RPC latency distributions.");
    for (int r = 0; r < shape.rpcMethods(); r++) {
      double[] qv = new double[RPC_QUANTILES.length];
      for (int i = 0; i < qv.length; i++) qv[i] = v.fraction(0.0001 * (i + 1) * (i + 1));
      w.summary("rpc_durations_seconds", "service=\"svc" + r + "\"", RPC_QUANTILES, qv, v.counter(0.01), v.count(1));
    }
    w.counterFamily("node_context_switches", "Total number of context switches.").counter("node_context_switches", "",
        v.count(1e4));
    w.counterFamily("node_cpu_guest_seconds", "Seconds the CPUs spent in guests (VMs) for each mode.");
    for (int c = 0; c < shape.cpus(); c++) {
      w.counter("node_cpu_guest_seconds", "cpu=\"" + c + "\",mode=\"nice\"", 0);
      w.counter("node_cpu_guest_seconds", "cpu=\"" + c + "\",mode=\"user\"", 0);
    }
    w.counterFamily("node_cpu_seconds", "Seconds the CPUs spent in each mode.");
    for (int c = 0; c < shape.cpus(); c++) {
      for (String m : CPU_MODES) {
        if (m.equals("guest")) continue;
        w.counter("node_cpu_seconds", "cpu=\"" + c + "\",mode=\"" + m + "\"", v.counter(m.equals("idle") ? 10 : 0.5));
      }
    }
    for (String d : DISK_COUNTERS) {
      w.counterFamily("node_disk_" + d, "The total number of " + d.replace('_', ' ') + ".");
      for (int i = 0; i < shape.disks(); i++) {
        w.counter("node_disk_" + d, "device=\"nvme" + i + "n1\"",
            d.endsWith("bytes") ? v.counter(4096 * 1024) : d.endsWith("seconds") ? v.counter(0.3) : v.count(50));
      }
    }
    w.gaugeFamily("node_disk_io_now", "The number of I/Os currently in progress.");
    for (int i = 0; i < shape.disks(); i++) w.sample("node_disk_io_now", "device=\"nvme" + i + "n1\"", v.gauge(2));
    for (String g : FS_GAUGES) {
      w.gaugeFamily("node_filesystem_" + g, "Filesystem " + g.replace('_', ' ') + ".");
      for (int i = 0; i < shape.filesystems(); i++) {
        String fst = FSTYPES[i % FSTYPES.length];
        String labels = "device=\"/dev/" + (fst.equals("tmpfs") ? "tmpfs" : "sda" + (i + 1)) + "\",fstype=\"" + fst
            + "\",mountpoint=\"" + MOUNTS[i % MOUNTS.length] + (i >= MOUNTS.length ? i : "") + "\"";
        double val = g.endsWith("bytes") ? v.gauge(2e11) : g.startsWith("files") ? v.gauge(1e7)
            : v.gauge(0) /* error, readonly */;
        w.sample("node_filesystem_" + g, labels, val);
      }
    }
    for (String m : MEMORY) {
      w.gaugeFamily("node_memory_" + m + "_bytes", "Memory information field " + m + "_bytes.")
          .sample("node_memory_" + m + "_bytes", "", m.startsWith("HugePages") ? 0 : v.gauge(4e9) * 1024);
    }
    for (String n : NETSTAT) {
      w.unknownFamily("node_netstat_" + n, "Statistic " + n.replace("_", "") + ".")
          .sample("node_netstat_" + n, "", v.count(1e4));
    }
    for (String n : NET_COUNTERS) {
      w.counterFamily("node_network_" + n, "Network device statistic " + n + ".");
      for (int i = 0; i < shape.netDevices(); i++) {
        w.counter("node_network_" + n, "device=\"" + netDevice(i) + "\"",
            n.endsWith("bytes") ? v.count(1e6) : v.count(n.endsWith("packets") ? 1e3 : 1));
      }
    }
    w.gaugeFamily("node_network_info", "Non-numeric data from /sys/class/net/<iface>.");
    for (int i = 0; i < shape.netDevices(); i++) {
      w.sample("node_network_info", "address=\"52:54:00:12:" + String.format("%02x:%02x", i, seed & 0xff)
          + "\",broadcast=\"ff:ff:ff:ff:ff:ff\",device=\"" + netDevice(i) + "\",duplex=\"full\",ifalias=\"\","
          + "operstate=\"up\"", 1);
    }
    w.gaugeFamily("node_network_mtu_bytes", "Network device property mtu_bytes.");
    for (int i = 0; i < shape.netDevices(); i++) w.sample("node_network_mtu_bytes", "device=\"" + netDevice(i) + "\"", 1500);
    w.gaugeFamily("node_network_up", "Value is 1 if operstate is 'up', 0 otherwise.");
    for (int i = 0; i < shape.netDevices(); i++) w.sample("node_network_up", "device=\"" + netDevice(i) + "\"", 1);
    w.gaugeFamily("node_load1", "1m load average.").sample("node_load1", "", v.fraction(1.5));
    w.gaugeFamily("node_load5", "5m load average.").sample("node_load5", "", v.fraction(1.2));
    w.gaugeFamily("node_load15", "15m load average.").sample("node_load15", "", v.fraction(1));
    w.gaugeFamily("node_scrape_collector_duration_seconds", "node_exporter: Duration of a collector scrape.");
    for (int i = 0; i < shape.collectors(); i++) {
      w.sample("node_scrape_collector_duration_seconds", "collector=\"" + COLLECTORS[i % COLLECTORS.length] + "\"",
          v.fraction(0.001));
    }
    w.gaugeFamily("node_scrape_collector_success", "node_exporter: Whether a collector succeeded.");
    for (int i = 0; i < shape.collectors(); i++) {
      w.sample("node_scrape_collector_success", "collector=\"" + COLLECTORS[i % COLLECTORS.length] + "\"", 1);
    }
    w.gaugeFamily("node_uname_info", "Labeled system information as provided by the uname system call.")
        .sample("node_uname_info", "domainname=\"(none)\",machine=\"x86_64\",nodename=\"host-" + seed
            + "\",release=\"6.1.0-18-amd64\",sysname=\"Linux\",version=\"#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1\"", 1);
    w.gaugeFamily("node_time_seconds", "System time in seconds since epoch (1970).")
        .sample("node_time_seconds", "", 1.7e9 + tSec + 0.123456);
    return w.end().toString();
  }

  private static String netDevice(int i) {
    return i == 0 ? "lo" : "eth" + (i - 1);
  }

  private static void goRuntime(ExpositionWriter w, Values v) {
    double[] q = new double[QUANTILES.length];
    for (int i = 0; i < q.length; i++) q[i] = v.fraction(0.00002 * (i + 1));
    w.summaryFamily("go_gc_duration_seconds", "A summary of the pause duration of garbage collection cycles.")
        .summary("go_gc_duration_seconds", "", QUANTILES, q, v.fraction(0.5), v.count(10));
    w.gaugeFamily("go_goroutines", "Number of goroutines that currently exist.").sample("go_goroutines", "", v.gauge(8));
    w.gaugeFamily("go_info", "Information about the Go environment.").sample("go_info", "version=\"go1.19.8\"", 1);
    String[][] mem = {{"alloc_bytes", "g"}, {"alloc_bytes", "c"}, {"buck_hash_sys_bytes", "g"}, {"frees", "c"},
        {"gc_sys_bytes", "g"}, {"heap_alloc_bytes", "g"}, {"heap_idle_bytes", "g"}, {"heap_inuse_bytes", "g"},
        {"heap_objects", "g"}, {"heap_released_bytes", "g"}, {"heap_sys_bytes", "g"}, {"lookups", "c"},
        {"mallocs", "c"}, {"mcache_inuse_bytes", "g"}, {"mspan_inuse_bytes", "g"}, {"next_gc_bytes", "g"},
        {"other_sys_bytes", "g"}, {"stack_inuse_bytes", "g"}, {"sys_bytes", "g"}};
    for (String[] m : mem) {
      String name = "go_memstats_" + m[0];
      if (m[1].equals("c")) {
        w.counterFamily(name, "Total number of " + m[0].replace('_', ' ') + ".").counter(name, "", v.count(1e5));
      } else {
        w.gaugeFamily(name, "Number of " + m[0].replace('_', ' ') + " in use.").sample(name, "", v.gauge(1e7));
      }
    }
    w.gaugeFamily("go_threads", "Number of OS threads created.").sample("go_threads", "", v.gauge(10));
    w.counterFamily("process_cpu_seconds", "Total user and system CPU time spent in seconds.")
        .counter("process_cpu_seconds", "", v.counter(0.01));
    w.gaugeFamily("process_max_fds", "Maximum number of open file descriptors.").sample("process_max_fds", "", 1048576);
    w.gaugeFamily("process_open_fds", "Number of open file descriptors.").sample("process_open_fds", "", v.gauge(10));
    w.gaugeFamily("process_resident_memory_bytes", "Resident memory size in bytes.")
        .sample("process_resident_memory_bytes", "", v.gauge(2e7));
    w.gaugeFamily("process_start_time_seconds", "Start time of the process since unix epoch in seconds.")
        .sample("process_start_time_seconds", "", 1.70000012345e9);
  }

  private static void histogram(ExpositionWriter w, Values v, String name, String labels) {
    long[] counts = new long[HTTP_BOUNDS.length + 1];
    for (int i = 0; i < counts.length; i++) counts[i] = v.count(i < 6 ? 20 : 1);
    w.histogram(name, labels, HTTP_BOUNDS, counts, v.counter(0.05));
  }

  /** A kube-state-metrics-like body: pods with many long labels (uids, image digests, owner refs). */
  public static String kubeStateMetricsLike(Format f, int pods, long tSec, int seed) {
    StringBuilder sb = new StringBuilder(pods * 6000);
    ExpositionWriter w = new ExpositionWriter(f, sb);
    Values v = new Values(seed, tSec);
    String[] ns = {"default", "kube-system", "monitoring", "payments", "checkout", "search", "ingress-nginx"};
    String[] apps = {"api", "web", "worker", "cache", "db-proxy", "scheduler", "gateway", "indexer"};
    String[] phases = {"Failed", "Pending", "Running", "Succeeded", "Unknown"};
    String[] conds = {"false", "true", "unknown"};
    String[] pod = new String[pods];
    for (int p = 0; p < pods; p++) {
      String app = apps[p % apps.length];
      String hash = String.format("%08x", (seed * 31 + p / 3) * 0x2545F491);
      pod[p] = "namespace=\"" + ns[p % ns.length] + "\",pod=\"" + app + "-" + hash.substring(0, 8) + "-"
          + String.format("%05x", (p * 7919 + seed) & 0xfffff) + "\",uid=\"" + uuid(seed, p) + "\"";
    }
    w.gaugeFamily("kube_pod_info", "Information about pod.");
    for (int p = 0; p < pods; p++) {
      w.sample("kube_pod_info", pod[p] + ",host_ip=\"10.0." + (p % 40) + "." + (p % 250 + 1) + "\",pod_ip=\"10.244."
          + (p % 200) + "." + (p % 250 + 2) + "\",node=\"ip-10-0-" + (p % 40) + "-" + (p % 250 + 1)
          + ".eu-west-1.compute.internal\",created_by_kind=\"ReplicaSet\",created_by_name=\"" + apps[p % apps.length]
          + "-7d9f8b6c5\",priority_class=\"\",host_network=\"false\"", 1);
    }
    w.gaugeFamily("kube_pod_labels", "Kubernetes labels converted to Prometheus labels.");
    for (int p = 0; p < pods; p++) {
      String app = apps[p % apps.length];
      w.sample("kube_pod_labels", pod[p] + ",label_app_kubernetes_io_name=\"" + app
          + "\",label_app_kubernetes_io_instance=\"" + app + "-prod\",label_app_kubernetes_io_version=\"1."
          + (p % 13) + "." + (p % 5) + "\",label_pod_template_hash=\"7d9f8b6c5\",label_team=\"team-"
          + (p % 9) + "\",label_tier=\"backend\"", 1);
    }
    w.gaugeFamily("kube_pod_owner", "Information about the Pod's owner.");
    for (int p = 0; p < pods; p++) {
      w.sample("kube_pod_owner", pod[p] + ",owner_kind=\"ReplicaSet\",owner_name=\"" + apps[p % apps.length]
          + "-7d9f8b6c5\",owner_is_controller=\"true\"", 1);
    }
    w.gaugeFamily("kube_pod_created", "Unix creation timestamp.");
    for (int p = 0; p < pods; p++) w.sample("kube_pod_created", pod[p], 1.7e9 - p * 3600);
    w.gaugeFamily("kube_pod_status_phase", "The pods current phase.");
    for (int p = 0; p < pods; p++) {
      for (String ph : phases) w.sample("kube_pod_status_phase", pod[p] + ",phase=\"" + ph + "\"", ph.equals("Running") ? 1 : 0);
    }
    w.gaugeFamily("kube_pod_status_ready", "Describes whether the pod is ready to serve requests.");
    for (int p = 0; p < pods; p++) {
      for (String c : conds) w.sample("kube_pod_status_ready", pod[p] + ",condition=\"" + c + "\"", c.equals("true") ? 1 : 0);
    }
    w.gaugeFamily("kube_pod_container_info", "Information about a container in a pod.");
    for (int p = 0; p < pods; p++) {
      String app = apps[p % apps.length];
      w.sample("kube_pod_container_info", pod[p] + ",container=\"" + app + "\",image_spec=\"registry.example.com/"
          + app + ":1." + (p % 13) + "\",image=\"registry.example.com/" + app + ":1." + (p % 13)
          + "\",image_id=\"registry.example.com/" + app + "@sha256:" + sha(seed, p) + "\",container_id=\"containerd://"
          + sha(seed + 1, p) + "\"", 1);
    }
    w.counterFamily("kube_pod_container_status_restarts", "The number of container restarts per container.");
    for (int p = 0; p < pods; p++) {
      w.counter("kube_pod_container_status_restarts", pod[p] + ",container=\"" + apps[p % apps.length] + "\"",
          v.count(0.0001));
    }
    for (String kind : new String[] {"requests", "limits"}) {
      w.gaugeFamily("kube_pod_container_resource_" + kind, "The number of requested " + kind + " resource by a container.");
      for (int p = 0; p < pods; p++) {
        String c = pod[p] + ",container=\"" + apps[p % apps.length] + "\",node=\"ip-10-0-" + (p % 40) + "-"
            + (p % 250 + 1) + ".eu-west-1.compute.internal\"";
        w.sample("kube_pod_container_resource_" + kind, c + ",resource=\"cpu\",unit=\"core\"", (p % 8 + 1) * 0.125);
        w.sample("kube_pod_container_resource_" + kind, c + ",resource=\"memory\",unit=\"byte\"", (p % 8 + 1) * 268435456.0);
      }
    }
    return w.end().toString();
  }

  private static String uuid(int seed, int p) {
    String h = sha(seed, p);
    return h.substring(0, 8) + "-" + h.substring(8, 12) + "-4" + h.substring(13, 16) + "-a" + h.substring(17, 20) + "-"
        + h.substring(20, 32);
  }

  private static String sha(int seed, int p) {
    StringBuilder b = new StringBuilder(64);
    long z = seed * 0x9E3779B97F4A7C15L + p;
    while (b.length() < 64) {
      z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L + 0x632BE59BD9B4E019L;
      b.append(String.format("%016x", z));
    }
    return b.substring(0, 64);
  }

  /** A classpath resource as a string (the captured node_exporter body). */
  public static String resource(String name) {
    try (InputStream in = Bodies.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalArgumentException("no resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The OpenMetrics form of a Prometheus text body as client_golang would write it: counter families
   * lose {@code _total} in HELP/TYPE (a counter without the suffix becomes {@code unknown}),
   * {@code untyped} becomes {@code unknown}, and the body ends with {@code # EOF}.
   */
  public static String openMetricsOf(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    String[] lines = text.split("\n");
    java.util.Map<String, String> types = new java.util.HashMap<>();
    for (String l : lines) {
      if (l.startsWith("# TYPE ")) {
        String[] p = l.split(" ");
        types.put(p[2], p[3]);
      }
    }
    for (String l : lines) {
      if (l.isEmpty()) continue;
      if (l.startsWith("# HELP ") || l.startsWith("# TYPE ")) {
        int sp = l.indexOf(' ', 7);
        String name = l.substring(7, sp);
        String rest = l.substring(sp + 1);
        String type = types.getOrDefault(name, "untyped");
        boolean counter = type.equals("counter");
        if (counter && name.endsWith("_total")) {
          name = name.substring(0, name.length() - 6);
        } else if (counter || type.equals("untyped")) {
          if (l.startsWith("# TYPE ")) rest = "unknown";
        }
        out.append(l, 0, 7).append(name).append(' ').append(rest).append('\n');
      } else if (l.startsWith("#")) {
        continue; // OpenMetrics has no free comments
      } else {
        out.append(l).append('\n');
      }
    }
    return out.append("# EOF\n").toString();
  }
}
