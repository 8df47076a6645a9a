package io.hearth.node.metadata;

import io.hearth.scrape.loop.MetadataSink;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Metric metadata in memory: per metric family the distinct (type, help, unit) seen from scrapes
 * and remote write, and per scrape target what its last successful scrape exposed.
 *
 * <p>Bounded: at most {@code maxPerFamily} distinct entries per family (the oldest goes first), at
 * most {@code maxFamilies} families (the least recently updated family goes first, also per
 * target) and at most {@code maxTargets} targets. Thread-safe: all access holds the store's lock;
 * readers get copies.
 */
public final class MetadataStore implements MetadataSink {
  /** One family's metadata; {@code type} as Prometheus names it ({@code unknown} when untyped). */
  public record Metadata(String type, String help, String unit) {
    public Metadata {
      type = type == null || type.isEmpty() ? "unknown" : type;
      help = help == null ? "" : help;
      unit = unit == null ? "" : unit;
    }
  }

  /** One target's family metadata. */
  public record TargetMetadata(String family, Metadata metadata) {}

  public static final int DEFAULT_MAX_PER_FAMILY = 10;
  public static final int DEFAULT_MAX_FAMILIES = 100_000;
  public static final int DEFAULT_MAX_TARGETS = 10_000;

  private final int maxPerFamily;
  private final int maxFamilies;
  private final int maxTargets;
  /** Access-ordered: the eldest is the least recently updated family. */
  private final LinkedHashMap<String, LinkedHashSet<Metadata>> families;
  private final LinkedHashMap<Labels, TargetEntry> targets;

  private final class TargetEntry {
    final LinkedHashMap<String, Metadata> current = new LinkedHashMap<>(16, 0.75f, false);
    final Set<String> seen = new java.util.HashSet<>();
  }

  public MetadataStore() {
    this(DEFAULT_MAX_PER_FAMILY, DEFAULT_MAX_FAMILIES, DEFAULT_MAX_TARGETS);
  }

  public MetadataStore(int maxPerFamily, int maxFamilies, int maxTargets) {
    if (maxPerFamily < 1 || maxFamilies < 1 || maxTargets < 1) throw new IllegalArgumentException("limits must be positive");
    this.maxPerFamily = maxPerFamily;
    this.maxFamilies = maxFamilies;
    this.maxTargets = maxTargets;
    this.families = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, LinkedHashSet<Metadata>> eldest) {
        return size() > MetadataStore.this.maxFamilies;
      }
    };
    this.targets = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Labels, TargetEntry> eldest) {
        return size() > MetadataStore.this.maxTargets;
      }
    };
  }

  /** Records a family's metadata not tied to a target (remote write). */
  public void put(String family, String type, String help, String unit) {
    if (family == null || family.isEmpty()) return;
    Metadata m = new Metadata(type, help, unit);
    synchronized (this) {
      addFamily(family, m);
    }
  }

  private void addFamily(String family, Metadata m) {
    LinkedHashSet<Metadata> set = families.computeIfAbsent(family, k -> new LinkedHashSet<>());
    set.remove(m); // re-adding moves it last: the newest survives eviction
    set.add(m);
    if (set.size() > maxPerFamily) {
      Iterator<Metadata> it = set.iterator();
      it.next();
      it.remove();
    }
  }

  @Override
  public void metadata(Labels target, String family, String type, String help, String unit) {
    if (family == null || family.isEmpty()) return;
    Metadata m = new Metadata(type, help, unit);
    synchronized (this) {
      addFamily(family, m);
      TargetEntry t = targets.computeIfAbsent(target, k -> new TargetEntry());
      if (t.current.size() >= maxFamilies && !t.current.containsKey(family)) return;
      t.current.put(family, m);
      t.seen.add(family);
    }
  }

  /** Families the target no longer exposes are forgotten for it (they stay in the per-family view). */
  @Override
  public synchronized void scrapeDone(Labels target, int count) {
    TargetEntry t = targets.get(target);
    if (t == null) return;
    t.current.keySet().retainAll(t.seen);
    t.seen.clear();
    if (t.current.isEmpty()) targets.remove(target);
  }

  /** Forgets targets that are not in {@code active}. */
  public synchronized void retainTargets(Set<Labels> active) {
    targets.keySet().retainAll(active);
  }

  /** A copy: family to its distinct metadata, oldest first. */
  public synchronized Map<String, List<Metadata>> families() {
    Map<String, List<Metadata>> out = new HashMap<>(families.size() * 2);
    for (Map.Entry<String, LinkedHashSet<Metadata>> e : families.entrySet()) out.put(e.getKey(), new ArrayList<>(e.getValue()));
    return out;
  }

  /** A copy of one family's metadata, oldest first; empty when unknown. */
  public synchronized List<Metadata> family(String family) {
    LinkedHashSet<Metadata> set = families.get(family);
    return set == null ? List.of() : new ArrayList<>(set);
  }

  /** A copy of a target's metadata in exposition order; empty when none is known. */
  public synchronized List<TargetMetadata> target(Labels target) {
    TargetEntry t = targets.get(target);
    if (t == null) return List.of();
    List<TargetMetadata> out = new ArrayList<>(t.current.size());
    t.current.forEach((f, m) -> out.add(new TargetMetadata(f, m)));
    return out;
  }

  public synchronized int numFamilies() {
    return families.size();
  }
}
