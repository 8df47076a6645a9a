package io.hearth.node.cli;

import java.lang.management.ManagementFactory;

/**
 * The memory a node takes when its flags leave sizes at {@code auto}: a share of the memory it may
 * use, which is the container's limit when it runs in one (the JVM reads the cgroup) and the host's
 * memory otherwise. The launcher sizes the heap the same way ({@code -XX:MaxRAMPercentage=25}), so
 * a small pod no longer gets a fixed 1 GiB heap plus 512 MiB of page memory it cannot hold.
 *
 * <ul>
 *   <li>heap: a quarter of the memory (set by the launcher, read here from the running JVM);
 *   <li>Ignite page memory: a sixteenth, between 64 MiB and 4 GiB: it caches persisted pages, the
 *       recent samples live on the heap;
 *   <li>the rest: JVM overhead (metaspace, code, threads, GC structures, about 150 MiB), Netty's
 *       buffers and the kernel's page cache for the data files.
 * </ul>
 */
public final class MemoryPlan {
  static final long MIN_REGION = 64L << 20;
  static final long MAX_REGION = 4L << 30;

  private MemoryPlan() {}

  /** The memory this process may use: the container limit if there is one, else the host's memory. */
  public static long availableBytes() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      long total = os.getTotalMemorySize(); // container-aware since JDK 14
      if (total > 0) return total;
    }
    return Runtime.getRuntime().maxMemory() * 4;
  }

  /** Ignite page memory for {@code available} bytes of memory: one sixteenth, within [64 MiB, 4 GiB]. */
  public static long regionBytes(long available) {
    return Math.max(MIN_REGION, Math.min(MAX_REGION, available / 16));
  }

  /** One line for the start log: what was chosen and from what. */
  static String describe(long available, long heapMax, long region) {
    return "memory: " + mib(available) + " MiB available (container limit or host), heap up to " + mib(heapMax)
        + " MiB (--memory.heap), Ignite page memory " + mib(region) + " MiB (--storage.ignite.region-size)";
  }

  private static long mib(long b) {
    return b >> 20;
  }
}
