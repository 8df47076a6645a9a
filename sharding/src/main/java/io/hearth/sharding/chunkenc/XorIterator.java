package io.hearth.sharding.chunkenc;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.ValueType;

/**
 * Decodes an XOR payload ({@code docs/format/chunks.md}). Reusable: {@link #reset} points it at
 * new bytes without allocating. Not thread-safe; one reader. Corrupt bytes raise
 * {@link io.hearth.sharding.api.StorageException.Corrupt} from {@link #next()} or
 * {@link #seek(long)}.
 */
public final class XorIterator implements SampleIterator {
  private final BitReader in = new BitReader();
  private int numSamples;
  private int read;
  private ValueType current = ValueType.NONE;
  private long t;
  private long delta;
  private long valueBits;
  private int lead;
  private int sig;

  /**
   * Positions this iterator before the first of {@code numSamples} samples encoded in
   * {@code buf[off, off + len)}. Returns {@code this}.
   */
  public XorIterator reset(byte[] buf, int off, int len, int numSamples) {
    in.reset(buf, off, len);
    this.numSamples = numSamples;
    this.read = 0;
    this.current = ValueType.NONE;
    this.t = 0;
    this.delta = 0;
    this.valueBits = 0;
    this.lead = 0;
    this.sig = 0;
    return this;
  }

  @Override
  public ValueType next() {
    int r = read;
    if (r >= numSamples) return current = ValueType.NONE;
    if (r >= 2) {
      if (in.skipTwoZeroBits()) {
        // Most common shape first: regular interval ('0') and unchanged value ('0').
        t += delta;
        read = r + 1;
        return current = ValueType.FLOAT;
      }
      // Steady state: delta of delta then value.
      delta += DeltaOfDelta.read(in);
      t += delta;
      readValue();
    } else if (r == 1) {
      delta = in.readUvarint();
      t += delta;
      readValue();
    } else {
      t = in.readSvarint();
      valueBits = in.readBits(64);
    }
    read = r + 1;
    return current = ValueType.FLOAT;
  }

  private void readValue() {
    if (!in.readBit()) return; // unchanged value: constants, idle counters, 0/1 states
    if (!in.readBit()) {
      // Fits the current window: slowly moving gauges and counters.
      if (sig == 0) throw XorValueCoder.reuseWithoutWindow(in);
      valueBits ^= in.readBits(sig) << (64 - lead - sig);
      return;
    }
    int h = (int) in.readBits(11);
    int l = h >>> 6;
    int s = h & 63;
    if (s == 0) s = 64;
    if (l + s > 64) throw XorValueCoder.badWindow(in, l, s);
    lead = l;
    sig = s;
    valueBits ^= in.readBits(s) << (64 - l - s);
  }

  @Override
  public ValueType seek(long target) {
    if (current == ValueType.FLOAT && t >= target) return current;
    if (current == ValueType.NONE && read > 0) return ValueType.NONE; // exhausted stays exhausted
    while (next() == ValueType.FLOAT) {
      if (t >= target) return ValueType.FLOAT;
    }
    return ValueType.NONE;
  }

  @Override
  public long atT() {
    return t;
  }

  @Override
  public double atV() {
    return Double.longBitsToDouble(valueBits);
  }

  /** Raw IEEE-754 bits of the current value (what was appended, bit-exact). */
  public long atValueBits() {
    return valueBits;
  }

  @Override
  public FloatHistogram atHistogram(FloatHistogram reuse) {
    throw new IllegalStateException("xor chunk holds float samples, not histograms");
  }

  /** Samples in the stream this iterator was reset to. */
  public int numSamples() {
    return numSamples;
  }

  long valueBits() {
    return valueBits;
  }

  int window() {
    return sig == 0 ? XorValueCoder.NO_WINDOW : (lead << 8) | sig;
  }

  int bitPosition() {
    return in.bitPosition();
  }
}
