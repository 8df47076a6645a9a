package io.hearth.sharding.segment;

import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.wire.ByteSink;
import io.hearth.sharding.wire.ByteSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An index block: the series of one partition whose chunks were persisted in a run of segments
 * {@code [segmentStart, segmentEnd)}, with their labels and where each chunk lies. The head keeps
 * only recent chunk locations in memory; older ones, and every series that went idle, live in
 * index blocks, which a query reads through a bounded cache. Layout in {@code docs/format/segments.md}.
 *
 * <p>Body (then framed as a segment blob, {@link Segment#encodeBlob}, so zstd and a CRC apply):
 * <pre>
 * body   := 'H' 'I' version=1 uvarint(#symbols) string* uvarint(#series) series*
 * series := id(8) uvarint(#labels) (uvarint nameSym uvarint valueSym)* uvarint(#chunks) chunk*
 * chunk  := uvarint(segmentSeq) uvarint(offset) uvarint(length) varint(minT) uvarint(maxT - minT)
 * </pre>
 * The symbol table is written ascending and without repeats, so that a reader finds a string by
 * binary search; the format does not require it, and a reader sorts the table of a block written
 * in another order (by releases before that rule).
 *
 * <p>Meta (stored apart, read at recovery without the body): {@code 'H' 'M' version=1 varint(minT)
 * varint(maxT) uvarint(segmentStart) uvarint(segmentEnd) varint(evictedMaxT) uvarint(#series)
 * uvarint(#chunks) uvarint(blobBytes) crc32c(4)}.
 */
public final class IndexBlock {
  public static final int VERSION = 1;

  private IndexBlock() {}

  /**
   * What a partition remembers of a block without reading it.
   *
   * @param evictedMaxT the newest sample of any series this block's truncation removed from the
   *     head ({@link Long#MIN_VALUE} when none): a series new to the head may not write at or before it
   */
  public record Meta(long minT, long maxT, long segmentStart, long segmentEnd, long evictedMaxT, int numSeries,
      int numChunks, long blobBytes) {}

  /** One series of a block being written: its chunks as parallel arrays, in seal order. */
  public record SeriesEntry(long id, Labels labels, long[] segmentSeq, int[] offset, int[] length, long[] minT,
      long[] maxT) {}

  public static byte[] encode(List<SeriesEntry> series, int zstdLevel) {
    // The symbol table is written in ascending order, so that a reader can find a string by binary
    // search without building a map (blocks of earlier releases are sorted when they are read).
    // Distinct strings by hashing (each label once), then only those sorted.
    Map<String, Integer> symbols = new HashMap<>();
    List<String> table = new ArrayList<>();
    for (SeriesEntry s : series) {
      for (int i = 0; i < s.labels().size(); i++) {
        if (symbols.putIfAbsent(s.labels().name(i), 0) == null) table.add(s.labels().name(i));
        if (symbols.putIfAbsent(s.labels().value(i), 0) == null) table.add(s.labels().value(i));
      }
    }
    table.sort(null);
    for (int i = 0; i < table.size(); i++) symbols.put(table.get(i), i);
    ByteSink out = new ByteSink(1024 + series.size() * 48);
    out.writeByte('H');
    out.writeByte('I');
    out.writeByte(VERSION);
    out.writeUvarint(table.size());
    for (String s : table) out.writeString(s);
    out.writeUvarint(series.size());
    for (SeriesEntry s : series) {
      out.writeLong(s.id());
      out.writeUvarint(s.labels().size());
      for (int i = 0; i < s.labels().size(); i++) {
        out.writeUvarint(symbols.get(s.labels().name(i)));
        out.writeUvarint(symbols.get(s.labels().value(i)));
      }
      out.writeUvarint(s.segmentSeq().length);
      for (int c = 0; c < s.segmentSeq().length; c++) {
        out.writeUvarint(s.segmentSeq()[c]);
        out.writeUvarint(s.offset()[c]);
        out.writeUvarint(s.length()[c]);
        out.writeVarint(s.minT()[c]);
        out.writeUvarint(s.maxT()[c] - s.minT()[c]);
      }
    }
    return Segment.encodeBlob(out.array(), out.length(), zstdLevel);
  }

  /**
   * A decoded block: series in columns, chunks in one flat table indexed by {@link #chunkStart}.
   * Labels stay as indexes into {@link #symbols} (ascending, distinct) until {@link #labels} builds
   * them for a series a query selected: a block's strings are shared by its series, and no
   * {@code Labels} object is held per series.
   */
  public static final class Decoded {
    public final long[] ids;
    /** The block's strings, ascending and distinct. */
    public final String[] symbols;
    /**
     * Series {@code s}'s labels are the name/value symbol pairs
     * {@code labelSyms[2k], labelSyms[2k+1]} for {@code k} in {@code labelStart[s] .. labelStart[s+1]}, by name.
     */
    public final int[] labelStart;
    public final int[] labelSyms;
    /** Series {@code i}'s chunks are {@code chunkStart[i] .. chunkStart[i+1]}. */
    public final int[] chunkStart;
    public final long[] segmentSeq;
    public final int[] offset;
    public final int[] length;
    public final long[] minT;
    public final long[] maxT;
    /** Approximate heap bytes, for the cache that holds decoded blocks. */
    public final long weight;
    /**
     * Each series' labels once built: queries select the same series again and again, and a label
     * set built once is hashed once ({@link Labels#hash64()} caches). Filled racily: two readers may
     * each build one, and either is right.
     */
    private final Labels[] built;

    Decoded(long[] ids, String[] symbols, int[] labelStart, int[] labelSyms, int[] chunkStart, long[] segmentSeq,
        int[] offset, int[] length, long[] minT, long[] maxT) {
      this.ids = ids;
      this.symbols = symbols;
      this.labelStart = labelStart;
      this.labelSyms = labelSyms;
      this.chunkStart = chunkStart;
      this.segmentSeq = segmentSeq;
      this.offset = offset;
      this.length = length;
      this.minT = minT;
      this.maxT = maxT;
      this.built = new Labels[ids.length];
      // Columns, then the built label sets (object, pair array) counted as if all were built.
      long w = 128 + 12L * ids.length + 4L * labelSyms.length + 4L * chunkStart.length + 32L * segmentSeq.length
          + 52L * ids.length + 4L * labelSyms.length;
      for (String sym : symbols) w += 56 + sym.length();
      this.weight = w;
    }

    public int numSeries() {
      return ids.length;
    }

    /** Series {@code s}'s labels, built on the first call. */
    public Labels labels(int s) {
      Labels l = built[s];
      if (l != null) return l;
      int from = 2 * labelStart[s], to = 2 * labelStart[s + 1];
      String[] pairs = new String[to - from];
      for (int k = from; k < to; k++) pairs[k - from] = symbols[labelSyms[k]];
      l = Labels.ofSortedPairsUnchecked(pairs);
      built[s] = l; // Labels' fields are final or published safely (hash64): a racing reader sees a whole one
      return l;
    }
  }

  public static Decoded decode(byte[] blob, String name) {
    byte[] body = Segment.decodeBlob(blob, name);
    ByteSource in = new ByteSource().reset(body, 0, body.length, name);
    int a = in.readByte(), b = in.readByte(), v = in.readByte();
    if (a != 'H' || b != 'I') throw new StorageException.Corrupt(name + ": bad magic " + a + "," + b + ", expected 'H','I'");
    StorageException.UnsupportedVersion.require(Segment.recordType('I'), name, v, VERSION);
    int nsym = boundedCount(in, body.length, name, "symbols");
    String[] sym = new String[nsym];
    boolean ascending = true;
    for (int i = 0; i < nsym; i++) {
      sym[i] = in.readString();
      if (i > 0 && ascending && sym[i - 1].compareTo(sym[i]) >= 0) ascending = false;
    }
    int ns = boundedCount(in, body.length, name, "series");
    long[] ids = new long[ns];
    int[] labelStart = new int[ns + 1];
    // Each symbol index takes at least a byte of the body: the body bounds the table.
    int[] labelSyms = new int[Math.min(body.length, Math.max(16, ns * 16))];
    int nl2 = 0;
    int[] chunkStart = new int[ns + 1];
    int cap = Math.max(16, ns * 2);
    long[] seq = new long[cap], minT = new long[cap], maxT = new long[cap];
    int[] off = new int[cap], len = new int[cap];
    int nc = 0;
    for (int s = 0; s < ns; s++) {
      ids[s] = in.readLong();
      int nl = boundedCount(in, body.length, name, "labels");
      labelStart[s] = nl2 / 2;
      if (nl2 + 2 * nl > labelSyms.length) labelSyms = Arrays.copyOf(labelSyms, Math.max(nl2 + 2 * nl, labelSyms.length * 2));
      for (int i = 0; i < 2 * nl; i++) {
        long k = in.readUvarint();
        if (k < 0 || k >= nsym) throw new StorageException.Corrupt(name + ": symbol " + k + " of " + nsym);
        labelSyms[nl2++] = (int) k;
      }
      int n = boundedCount(in, body.length, name, "chunks");
      chunkStart[s] = nc;
      if (nc + n > seq.length) {
        int c2 = Math.max(nc + n, seq.length * 2);
        seq = Arrays.copyOf(seq, c2);
        minT = Arrays.copyOf(minT, c2);
        maxT = Arrays.copyOf(maxT, c2);
        off = Arrays.copyOf(off, c2);
        len = Arrays.copyOf(len, c2);
      }
      for (int c = 0; c < n; c++, nc++) {
        seq[nc] = in.readUvarint();
        off[nc] = (int) in.readUvarint();
        len[nc] = (int) in.readUvarint();
        minT[nc] = in.readVarint();
        maxT[nc] = minT[nc] + in.readUvarint();
      }
    }
    labelStart[ns] = nl2 / 2;
    chunkStart[ns] = nc;
    labelSyms = Arrays.copyOf(labelSyms, nl2);
    if (!ascending) sym = sortSymbols(sym, labelSyms);
    return new Decoded(ids, sym, labelStart, labelSyms, chunkStart, Arrays.copyOf(seq, nc),
        Arrays.copyOf(off, nc), Arrays.copyOf(len, nc), Arrays.copyOf(minT, nc),
        Arrays.copyOf(maxT, nc));
  }

  /**
   * The symbols of a block whose table is not ascending (written by an earlier release), sorted and
   * without repeats; {@code labelSyms} is rewritten in place to index the returned table.
   */
  private static String[] sortSymbols(String[] sym, int[] labelSyms) {
    String[] sorted = sym.clone();
    Arrays.sort(sorted);
    int n = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (n == 0 || !sorted[n - 1].equals(sorted[i])) sorted[n++] = sorted[i];
    }
    sorted = Arrays.copyOf(sorted, n);
    int[] remap = new int[sym.length];
    for (int i = 0; i < sym.length; i++) remap[i] = Arrays.binarySearch(sorted, sym[i]);
    for (int k = 0; k < labelSyms.length; k++) labelSyms[k] = remap[labelSyms[k]];
    return sorted;
  }

  /** A count read from the body, refused when it could not fit in what is left (corrupt or hostile input). */
  private static int boundedCount(ByteSource in, int bodyLength, String name, String what) {
    long n = in.readUvarint();
    if (n < 0 || n > bodyLength) throw new StorageException.Corrupt(name + ": " + n + " " + what + " cannot fit in " + bodyLength + " bytes");
    return (int) n;
  }

  public static byte[] encodeMeta(Meta m) {
    ByteSink out = new ByteSink(64);
    out.writeByte('H');
    out.writeByte('M');
    out.writeByte(VERSION);
    out.writeVarint(m.minT());
    out.writeVarint(m.maxT());
    out.writeUvarint(m.segmentStart());
    out.writeUvarint(m.segmentEnd());
    out.writeVarint(m.evictedMaxT());
    out.writeUvarint(m.numSeries());
    out.writeUvarint(m.numChunks());
    out.writeUvarint(m.blobBytes());
    Segment.appendCrc(out);
    return out.toByteArray();
  }

  public static Meta decodeMeta(byte[] b, String name) {
    Segment.verifyCrc(b, name);
    ByteSource in = new ByteSource().reset(b, 0, b.length - 4, name);
    Segment.expectMagic(in, 'M', name);
    return new Meta(in.readVarint(), in.readVarint(), in.readUvarint(), in.readUvarint(), in.readVarint(),
        (int) in.readUvarint(), (int) in.readUvarint(), in.readUvarint());
  }
}
