package io.hearth.sharding.wire;

import io.hearth.sharding.api.Labels;
import java.util.Arrays;
import net.openhft.hashing.LongHashFunction;

/**
 * The {@link Labels} already built from a series' label bytes as they arrive on the wire, so that a
 * series sent again (every remote-write request resends every series) skips UTF-8 checks, string
 * lookups, validation and sorting, and hands the storage the very instance its series registry
 * holds, whose hash is computed once.
 *
 * <p>Eight-way set-associative: a hash picks a bucket of eight slots, a new series takes a free slot
 * of its bucket or else overwrites one of the eight in turn. Memory is bounded by the slot count (a
 * reference per slot, plus the raw bytes and labels of the series in the slots, which the head holds
 * anyway while the series is active); a series that finds its bucket full, or that churned out, only
 * costs a miss, which takes the full decoding path. (With one slot per hash, 2<sup>19</sup> slots kept
 * 166,231 of 200,000 active series, and series sharing a slot evicted each other on every request;
 * four ways kept 196,561, eight keep 199,606, and eight hashes fill exactly one cache line.) An
 * entry is checked byte for byte before it is used, so a hash collision can never yield another
 * series' labels; and since its bytes parsed and validated when it was made, a decoder may skip
 * both for bytes that hit.
 *
 * <p>Only bytes whose decoding is a pure function of the bytes and of the decoder's {@link
 * DecodeOptions} may be cached, and only labels that passed validation: a cache belongs to one set
 * of options. Thread-safe without locks: entries are immutable and published through their final
 * fields; a racing writer at most overwrites another's fresh entry.
 */
public final class SeriesCache {
  private static final LongHashFunction HASH = LongHashFunction.xx3();

  /** A cache that holds nothing: every lookup misses, puts are dropped. */
  public static final SeriesCache NONE = new SeriesCache(0);

  private static final int WAYS = 8;

  private final Entry[] slots;
  /**
   * Each slot's hash beside it, so that a lookup compares the eight hashes of its bucket in one
   * 64-byte cache line and follows only the entry that matches (entries are scattered over the
   * heap). Written after the entry, without ordering: the entry's own hash and bytes decide, a stale
   * hash only misses.
   */
  private final long[] hashes;
  private final int mask;
  /** Slots per bucket: eight, or the capacity when it is smaller. */
  private final int ways;
  /** Which way a full bucket gives up next; racy increments only change which entry goes. */
  private int turn;

  private record Entry(long hash, byte[] raw, Labels labels) {}

  /** A cache of {@code slots} entries, rounded up to a power of two; 0 caches nothing. */
  public SeriesCache(int slots) {
    int n = slots <= 0 ? 0 : slots == 1 ? 1 : Integer.highestOneBit(slots - 1) << 1;
    this.slots = new Entry[n];
    this.hashes = new long[n];
    this.mask = n - 1;
    this.ways = Math.min(WAYS, Math.max(1, n));
  }

  /**
   * A cache sized from the heap the JVM may use: one slot per 16 KiB of maximum heap, between
   * 2<sup>14</sup> and 2<sup>20</sup> slots (a 6 GiB heap gets 2<sup>19</sup>: 6 MiB of references and hashes).
   */
  public static SeriesCache sizedForHeap(long maxHeapBytes) {
    return new SeriesCache(slotsForHeap(maxHeapBytes));
  }

  /** The slot count {@link #sizedForHeap} gives, for other per-series caches sized the same way. */
  public static int slotsForHeap(long maxHeapBytes) {
    return (int) Math.max(1L << 14, Math.min(1L << 20, maxHeapBytes / (16 << 10)));
  }

  public int capacity() {
    return slots.length;
  }

  /** The hash under which {@code buf[off, off+len)} is looked up and stored. */
  public static long hash(byte[] buf, int off, int len) {
    return HASH.hashBytes(buf, off, len);
  }

  /** The labels stored for exactly the bytes {@code buf[off, off+len)} (of hash {@code h}), or null. */
  public Labels get(long h, byte[] buf, int off, int len) {
    if (slots.length == 0) return null;
    int b = (int) h & mask & -ways;
    for (int i = b; i < b + ways; i++) {
      if (hashes[i] != h) continue;
      Entry e = slots[i];
      if (holds(e, h, buf, off, len)) return e.labels;
    }
    return null;
  }

  /** Whether {@code e} is the entry of exactly these bytes (of hash {@code h}). */
  private static boolean holds(Entry e, long h, byte[] buf, int off, int len) {
    return e != null && e.hash == h && e.raw.length == len && Arrays.equals(e.raw, 0, len, buf, off, off + len);
  }

  /** Remembers that {@code buf[off, off+len)} (of hash {@code h}) decodes to the valid {@code labels}. */
  public void put(long h, byte[] buf, int off, int len, Labels labels) {
    if (slots.length == 0) return;
    int b = (int) h & mask & -ways;
    int at = -1;
    for (int i = b; i < b + ways; i++) {
      Entry e = slots[i];
      if (e == null || holds(e, h, buf, off, len)) {
        at = i;
        break;
      }
    }
    if (at < 0) at = b + (turn++ & (ways - 1));
    slots[at] = new Entry(h, Arrays.copyOfRange(buf, off, off + len), labels);
    hashes[at] = h;
  }
}
