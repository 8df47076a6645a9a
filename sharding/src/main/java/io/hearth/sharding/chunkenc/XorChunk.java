package io.hearth.sharding.chunkenc;

import io.hearth.sharding.api.ValueType;
import java.util.Arrays;

/**
 * An appendable Gorilla-style chunk of float samples: timestamps as delta of delta, values as XOR
 * of their IEEE-754 bits, so every NaN pattern (including {@link io.hearth.sharding.api.StaleNaN})
 * survives bit-exact. Byte layout: {@code docs/format/chunks.md}, "XOR payload".
 *
 * <p>Threading: one appender thread and any number of readers. {@link #iterator} captures the
 * buffer, bit length and sample count; appends after that never change bits the iterator can
 * read (the buffer only grows, by copying into a new array), so the iterator reads a consistent
 * snapshot without locking. The caller must order {@code append} before {@code iterator} (e.g.
 * both under the per-series lock); the iterator itself is then read outside the lock.
 * {@link #numSamples()}, {@link #minTime()}, {@link #maxTime()}, {@link #sizeBytes()} and
 * {@link #bytes()} need the same ordering.
 */
public final class XorChunk extends BitWriter {
  private static final int INITIAL_BYTES = 64;

  private int numSamples;
  private long minTime = Long.MAX_VALUE;
  private long maxTime = Long.MIN_VALUE;
  private long lastDelta;
  private long lastValueBits;
  private int window = XorValueCoder.NO_WINDOW;

  public XorChunk() {
    this(INITIAL_BYTES);
  }

  /**
   * A chunk whose buffer starts at {@code expectedBytes} (at least 8), e.g. the size of the same
   * series' previous chunk, to avoid growing (copying) the buffer while appending.
   */
  public XorChunk(int expectedBytes) {
    super(expectedBytes);
  }

  /**
   * Makes a sealed XOR payload appendable again (e.g. after a restart): decodes it once to restore
   * the encoder state. The bytes are copied.
   */
  public static XorChunk fromPayload(byte[] buf, int off, int len, int numSamples) {
    XorChunk c = new XorChunk();
    if (numSamples == 0) return c;
    XorIterator it = new XorIterator().reset(buf, off, len, numSamples);
    long prevT = 0;
    while (it.next() != ValueType.NONE) {
      if (c.numSamples > 0) c.lastDelta = it.atT() - prevT;
      prevT = it.atT();
      if (c.numSamples == 0) c.minTime = prevT;
      c.numSamples++;
    }
    c.maxTime = prevT;
    c.lastValueBits = it.valueBits();
    c.window = it.window();
    c.restore(buf, off, it.bitPosition());
    return c;
  }

  /**
   * Appends a sample. The caller guarantees {@code t} is greater than every timestamp appended
   * before (the head rejects out-of-order samples first); a violation raises
   * {@link IllegalArgumentException} and leaves the chunk unchanged.
   */
  public void append(long t, double v) {
    long bits = Double.doubleToRawLongBits(v);
    int n = numSamples;
    if (n >= 2) {
      // Common case first: a chunk in steady state.
      long delta = t - maxTime;
      if (t <= maxTime) throw outOfOrder(t);
      DeltaOfDelta.write(this, delta - lastDelta);
      lastDelta = delta;
      window = XorValueCoder.write(this, bits ^ lastValueBits, window);
    } else if (n == 1) {
      if (t <= maxTime) throw outOfOrder(t);
      lastDelta = t - maxTime;
      writeUvarint(lastDelta);
      window = XorValueCoder.write(this, bits ^ lastValueBits, window);
    } else {
      writeSvarint(t);
      writeBits(bits, 64);
      minTime = t;
    }
    lastValueBits = bits;
    maxTime = t;
    numSamples = n + 1;
  }

  public int numSamples() {
    return numSamples;
  }

  /** First timestamp; {@link Long#MAX_VALUE} while empty. */
  public long minTime() {
    return minTime;
  }

  /** Last timestamp; {@link Long#MIN_VALUE} while empty. */
  public long maxTime() {
    return maxTime;
  }

  /** Bytes of encoded payload so far ({@code ceil(bits / 8)}), not counting spare capacity. */
  public int sizeBytes() {
    return byteLength();
  }

  /** A fresh copy of the encoded payload ({@link #sizeBytes()} bytes); the chunk keeps its buffer. */
  public byte[] bytes() {
    return Arrays.copyOf(buffer(), byteLength());
  }

  /**
   * An iterator over the samples appended so far (a snapshot; see the class comment), reusing
   * {@code reuse} when not null.
   */
  public XorIterator iterator(XorIterator reuse) {
    XorIterator it = reuse != null ? reuse : new XorIterator();
    return it.reset(buffer(), 0, byteLength(), numSamples);
  }

  private IllegalArgumentException outOfOrder(long t) {
    return new IllegalArgumentException("out of order sample [t=" + t + ", last=" + maxTime + "]");
  }
}
