package io.hearth.sharding.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import net.openhft.hashing.LongHashFunction;

/**
 * An immutable set of labels sorted by name, the identity of a series.
 *
 * <p>Empty values are never stored: a label with an empty value is the same as no label (as in
 * Prometheus). Names are unique. Instances are thread-safe. {@link #hash64()} is the 64-bit
 * hash of the canonical bytes ({@code name 0xff value 0xff} per label, in order), stable across
 * processes and versions: it decides the series id and thus the partition of a series.
 */
public final class Labels implements Comparable<Labels> {
  public static final String METRIC_NAME = "__name__";
  public static final Labels EMPTY = new Labels(new String[0]);
  private static final LongHashFunction HASH = LongHashFunction.xx3();

  /** Alternating name, value, name, value... sorted by name. */
  private final String[] pairs;
  private long hash;
  /** Written after {@link #hash}, volatile: a thread that sees it set sees the hash (label sets are shared across threads). */
  private volatile boolean hashed;
  /** See {@link #storeHint()}: a cache of a store's, not part of the labels. */
  private volatile Object storeHint;

  private Labels(String[] pairs) {
    this.pairs = pairs;
  }

  /**
   * Builds from alternating names and values in any order; empty values are dropped.
   *
   * @throws IllegalArgumentException on an odd count or a repeated name
   */
  public static Labels of(String... nameValues) {
    if (nameValues.length % 2 != 0) {
      throw new IllegalArgumentException("labels need name/value pairs, got " + nameValues.length + " strings");
    }
    Builder b = new Builder();
    for (int i = 0; i < nameValues.length; i += 2) {
      if (b.map.containsKey(nameValues[i])) {
        throw new IllegalArgumentException("duplicate label name " + nameValues[i]);
      }
      b.set(nameValues[i], nameValues[i + 1]);
    }
    return b.build();
  }

  public static Labels fromMap(Map<String, String> m) {
    Builder b = new Builder();
    m.forEach(b::set);
    return b.build();
  }

  /**
   * Wraps pairs that the caller guarantees are sorted by name, unique and without empty values
   * (for example, decoded from a validated remote-write request). The array is not copied.
   */
  public static Labels ofSortedPairsUnchecked(String[] pairs) {
    return new Labels(pairs);
  }

  public int size() {
    return pairs.length / 2;
  }

  /**
   * Replaces each name and value by the string {@code pool} answers for it, which must be an equal
   * string (typically a shared instance of it, to save memory). The labels do not change: only
   * which {@code String} instances hold them, which no caller can tell except by identity; a
   * reader racing with this call sees either instance, both equal.
   *
   * @throws IllegalArgumentException when {@code pool} answers a string that is not equal
   */
  public void shareStrings(java.util.function.UnaryOperator<String> pool) {
    for (int i = 0; i < pairs.length; i++) {
      String s = pairs[i];
      String shared = pool.apply(s);
      if (shared == s) continue;
      if (!s.equals(shared)) throw new IllegalArgumentException("a shared string must be equal: " + s + " != " + shared);
      pairs[i] = shared;
    }
  }

  /**
   * What a store attached to this instance with {@link #storeHint(Object)} to find its series for
   * these labels again without a hash lookup, or null. It is a cache, not part of the labels:
   * {@code equals}, {@code hashCode} and {@code compareTo} ignore it, any store may replace it, and a
   * store must check that what it reads back is still a live series of its own before using it.
   * The ingest path shares one instance per series between requests (the remote-write series
   * cache), which is what makes the hint pay.
   */
  public Object storeHint() {
    return storeHint;
  }

  /** Attaches {@code hint} (or clears it with null); see {@link #storeHint()}. */
  public void storeHint(Object hint) {
    storeHint = hint;
  }

  public boolean isEmpty() {
    return pairs.length == 0;
  }

  public String name(int i) {
    return pairs[2 * i];
  }

  public String value(int i) {
    return pairs[2 * i + 1];
  }

  /** The value of {@code name}, or the empty string when absent. */
  public String get(String name) {
    int i = indexOf(name);
    return i < 0 ? "" : pairs[2 * i + 1];
  }

  public boolean has(String name) {
    return indexOf(name) >= 0;
  }

  /** The metric name, or the empty string. */
  public String metricName() {
    return get(METRIC_NAME);
  }

  private int indexOf(String name) {
    int lo = 0, hi = size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = pairs[2 * mid].compareTo(name);
      if (c == 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  public void forEach(BiConsumer<String, String> f) {
    for (int i = 0; i < pairs.length; i += 2) f.accept(pairs[i], pairs[i + 1]);
  }

  public Map<String, String> toMap() {
    Map<String, String> m = new TreeMap<>();
    forEach(m::put);
    return m;
  }

  public List<String> names() {
    List<String> l = new ArrayList<>(size());
    for (int i = 0; i < pairs.length; i += 2) l.add(pairs[i]);
    return l;
  }

  /** The same labels without {@code __name__}. */
  public Labels withoutMetricName() {
    return indexOf(METRIC_NAME) < 0 ? this : toBuilder().del(METRIC_NAME).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    forEach(b::set);
    return b;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Canonical bytes: {@code name 0xff value 0xff} per label, UTF-8. */
  public byte[] canonicalBytes() {
    int n = 0;
    byte[][] enc = new byte[pairs.length][];
    for (int i = 0; i < pairs.length; i++) {
      enc[i] = pairs[i].getBytes(StandardCharsets.UTF_8);
      n += enc[i].length + 1;
    }
    byte[] out = new byte[n];
    int p = 0;
    for (byte[] e : enc) {
      System.arraycopy(e, 0, out, p, e.length);
      p += e.length;
      out[p++] = (byte) 0xff;
    }
    return out;
  }

  /** 64-bit hash (XXH3) of {@link #canonicalBytes()}; cached. Allocates nothing for ASCII labels. */
  public long hash64() {
    if (!hashed) {
      hash = hashCanonical();
      hashed = true;
    }
    return hash;
  }

  /** Per-thread buffer the canonical bytes are hashed from (grown as needed, kept up to 64 KiB). */
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1024]);

  private long hashCanonical() {
    byte[] buf = SCRATCH.get();
    int p = 0;
    for (String s : pairs) {
      int n = s.length();
      if (p + n + 1 > buf.length) {
        if (p + n + 1 > 64 << 10) return HASH.hashBytes(canonicalBytes());
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, p + n + 1));
        SCRATCH.set(buf);
      }
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c >= 0x80) return HASH.hashBytes(canonicalBytes());
        buf[p++] = (byte) c;
      }
      buf[p++] = (byte) 0xff;
    }
    return HASH.hashBytes(buf, 0, p);
  }

  /** Hash over only the given label names (present ones), for grouping. */
  public long hashFor(List<String> names, boolean without) {
    Builder b = new Builder();
    for (int i = 0; i < pairs.length; i += 2) {
      boolean listed = names.contains(pairs[i]);
      if (listed != without) b.set(pairs[i], pairs[i + 1]);
    }
    return b.build().hash64();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof Labels)) return false;
    Labels l = (Labels) o;
    if (hashed && l.hashed && hash != l.hash) return false;
    return Arrays.equals(pairs, l.pairs);
  }

  @Override
  public int hashCode() {
    return (int) hash64();
  }

  /** Prometheus's order: label by label, name first then value; a prefix sorts first. */
  @Override
  public int compareTo(Labels o) {
    int n = Math.min(pairs.length, o.pairs.length);
    for (int i = 0; i < n; i++) {
      int c = pairs[i].compareTo(o.pairs[i]);
      if (c != 0) return c;
    }
    return Integer.compare(pairs.length, o.pairs.length);
  }

  /** Prometheus's text form: {@code name{a="b", c="d"}}, with {@code __name__} outside the braces. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    String name = metricName();
    sb.append(name);
    sb.append('{');
    boolean first = true;
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i].equals(METRIC_NAME) && !name.isEmpty()) continue;
      if (!first) sb.append(", ");
      first = false;
      sb.append(pairs[i]).append("=\"");
      escape(sb, pairs[i + 1]);
      sb.append('"');
    }
    sb.append('}');
    return sb.toString();
  }

  static void escape(StringBuilder sb, String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\': sb.append("\\\\"); break;
        case '"': sb.append("\\\""); break;
        case '\n': sb.append("\\n"); break;
        default: sb.append(c);
      }
    }
  }

  /** A mutable label set; {@link #build()} sorts and drops empty values. Not thread-safe. */
  public static final class Builder {
    private final TreeMap<String, String> map = new TreeMap<>();

    public Builder set(String name, String value) {
      if (value == null || value.isEmpty()) map.remove(name);
      else map.put(name, value);
      return this;
    }

    public Builder del(String name) {
      map.remove(name);
      return this;
    }

    public String get(String name) {
      String v = map.get(name);
      return v == null ? "" : v;
    }

    /** Keeps only the named labels. */
    public Builder keep(List<String> names) {
      map.keySet().retainAll(names);
      return this;
    }

    public Builder reset(Labels base) {
      map.clear();
      base.forEach(map::put);
      return this;
    }

    public Labels build() {
      if (map.isEmpty()) return EMPTY;
      String[] p = new String[map.size() * 2];
      int i = 0;
      for (Map.Entry<String, String> e : map.entrySet()) {
        p[i++] = e.getKey();
        p[i++] = e.getValue();
      }
      return new Labels(p);
    }
  }
}
