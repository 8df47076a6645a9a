package io.hearth.node.api;

import io.hearth.node.remote.ChunkedReadEncoder;
import io.hearth.node.remote.PromHistogramChunk;
import io.hearth.node.remote.PromXorChunk;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.ValueType;
import java.io.IOException;

/**
 * Re-encodes one series' samples as Prometheus chunks for a STREAMED_XOR_CHUNKS answer: floats as
 * XOR chunks, native histograms as histogram chunks ({@link PromHistogramChunk} picks integer or
 * float encoding), a new chunk at {@code maxSamples}, at a change of value kind and wherever the
 * histogram chunk cannot take the next sample (a new bucket layout). Reusable across series; not
 * thread-safe.
 */
final class SeriesChunker {
  private final ChunkedReadEncoder out;
  private final int maxSamples;
  private final PromXorChunk xor = new PromXorChunk();
  private final PromHistogramChunk hist = new PromHistogramChunk();
  private final FloatHistogram h = new FloatHistogram();

  SeriesChunker(ChunkedReadEncoder out, int maxSamples) {
    this.out = out;
    this.maxSamples = maxSamples;
  }

  /** Writes every sample {@code it} yields, as chunks of the encoder's open series. */
  void write(SampleIterator it) throws IOException {
    xor.reset();
    hist.reset();
    for (ValueType vt = it.next(); vt != ValueType.NONE; vt = it.next()) {
      if (vt == ValueType.FLOAT) {
        if (hist.samples() > 0) flushHistograms();
        if (xor.samples() == maxSamples) flushFloats();
        xor.append(it.atT(), it.atV());
      } else {
        if (xor.samples() > 0) flushFloats();
        it.atHistogram(h);
        boolean reset = hist.resets(h);
        if (hist.samples() == maxSamples || !hist.fits(h)) flushHistograms();
        // A reset Hearth saw but no sender hinted: the chunk it starts says so, as Prometheus's head does.
        if (reset && h.counterResetHint == FloatHistogram.CounterResetHint.UNKNOWN) h.counterResetHint = FloatHistogram.CounterResetHint.COUNTER_RESET;
        hist.append(it.atT(), h);
      }
    }
    if (xor.samples() > 0) flushFloats();
    if (hist.samples() > 0) flushHistograms();
  }

  private void flushFloats() throws IOException {
    out.chunk(xor.minTime(), xor.maxTime(), PromXorChunk.ENCODING, xor.bytes(), xor.size());
    xor.reset();
  }

  private void flushHistograms() throws IOException {
    out.chunk(hist.minTime(), hist.maxTime(), hist.encoding(), hist.bytes(), hist.size());
    hist.reset();
  }
}
