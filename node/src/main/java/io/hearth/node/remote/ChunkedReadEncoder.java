package io.hearth.node.remote;

import io.hearth.sharding.api.Labels;
import io.hearth.sharding.wire.ProtoReader;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/**
 * Writes a remote-read STREAMED_XOR_CHUNKS answer: a sequence of frames, each {@code uvarint
 * length, CRC32C (Castagnoli) of the message as 4 big-endian bytes, the message}, the message a
 * {@code prometheus.ChunkedReadResponse{chunked_series=1: ChunkedSeries{labels=1, chunks=2:
 * Chunk{min_time_ms=1, max_time_ms=2, type=3, data=4}}, query_index=2}}.
 *
 * <p>Frames are cut as Prometheus cuts them: one series per frame; a series' chunks are added to
 * the frame until the frame budget ({@code maxBytesInFrame} minus the size of its labels, then
 * minus each chunk's message size, not counting the few bytes of its field prefix) is used up, so
 * a frame may overshoot by one chunk and those prefixes (about 0.3%); the rest of
 * the series follows in further frames with the same labels. Each frame is written to the stream
 * and the stream flushed before the next is built, so the caller's memory holds one frame.
 *
 * <p>Use: per series {@link #series(Labels, int)}, its {@link #chunk}s in time order, then {@link
 * #endSeries()} (a series without chunks writes nothing, as Prometheus). Not thread-safe.
 */
public final class ChunkedReadEncoder {
  /** Prometheus's {@code --storage.remote.read-max-bytes-in-frame} default. */
  public static final int DEFAULT_MAX_BYTES_IN_FRAME = 1 << 20;

  private final OutputStream out;
  private final int maxBytesInFrame;
  private final ProtoWriter labels = new ProtoWriter(256);
  private final ProtoWriter chunks = new ProtoWriter(4096);
  private final ProtoWriter chunk = new ProtoWriter(256);
  private final ProtoWriter series = new ProtoWriter(4096);
  private final ProtoWriter message = new ProtoWriter(4096);
  private final ProtoWriter scratch = new ProtoWriter(64);
  private final byte[] head = new byte[14];
  private final CRC32C crc = new CRC32C();
  private int labelBytes;
  private int queryIndex;
  private long left;
  private boolean pending;
  private long frames;

  public ChunkedReadEncoder(OutputStream out, int maxBytesInFrame) {
    if (maxBytesInFrame < 1) throw new IllegalArgumentException("max bytes in frame must be positive: " + maxBytesInFrame);
    this.out = out;
    this.maxBytesInFrame = maxBytesInFrame;
  }

  /** Opens a series of the answer to query number {@code queryIndex} (0-based, request order). */
  public void series(Labels l, int queryIndex) {
    labels.reset();
    labelBytes = 0;
    for (int i = 0; i < l.size(); i++) {
      scratch.reset();
      if (!l.name(i).isEmpty()) scratch.stringField(1, l.name(i));
      if (!l.value(i).isEmpty()) scratch.stringField(2, l.value(i));
      labelBytes += scratch.size();
      labels.message(1, scratch);
    }
    this.queryIndex = queryIndex;
    chunks.reset();
    pending = false;
    left = (long) maxBytesInFrame - labelBytes;
  }

  /** Adds a chunk of the open series; writes a frame when the frame budget is used up. */
  public void chunk(long minT, long maxT, int encoding, byte[] data, int len) throws IOException {
    chunk.reset();
    if (minT != 0) {
      chunk.tag(1, ProtoReader.VARINT);
      chunk.varint(minT);
    }
    if (maxT != 0) {
      chunk.tag(2, ProtoReader.VARINT);
      chunk.varint(maxT);
    }
    if (encoding != 0) {
      chunk.tag(3, ProtoReader.VARINT);
      chunk.varint(encoding);
    }
    if (len > 0) chunk.bytesField(4, data, 0, len);
    chunks.message(2, chunk);
    pending = true;
    left -= chunk.size();
    if (left <= 0) flushFrame();
  }

  /** Closes the open series, writing what is left of it. */
  public void endSeries() throws IOException {
    if (pending) flushFrame();
  }

  /** Frames written so far. */
  public long frames() {
    return frames;
  }

  private void flushFrame() throws IOException {
    series.reset();
    series.append(labels);
    series.append(chunks);
    message.reset();
    message.message(1, series);
    if (queryIndex != 0) {
      message.tag(2, ProtoReader.VARINT);
      message.varint(queryIndex);
    }
    int n = 0;
    long len = message.size();
    while ((len & ~0x7fL) != 0) {
      head[n++] = (byte) ((len & 0x7f) | 0x80);
      len >>>= 7;
    }
    head[n++] = (byte) len;
    crc.reset();
    crc.update(message.array(), 0, message.size());
    int c = (int) crc.getValue();
    head[n++] = (byte) (c >>> 24);
    head[n++] = (byte) (c >>> 16);
    head[n++] = (byte) (c >>> 8);
    head[n++] = (byte) c;
    out.write(head, 0, n);
    out.write(message.array(), 0, message.size());
    out.flush();
    frames++;
    chunks.reset();
    pending = false;
    left = (long) maxBytesInFrame - labelBytes;
  }
}
