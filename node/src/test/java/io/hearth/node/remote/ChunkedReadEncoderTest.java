package io.hearth.node.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class ChunkedReadEncoderTest {
  @Test
  void frameIsUvarintLengthThenBigEndianCastagnoliCrcThenTheMessage() throws IOException {
    CRC32C check = new CRC32C();
    check.update("123456789".getBytes(StandardCharsets.US_ASCII));
    assertEquals(0xE3069283L, check.getValue(), "CRC32C must be Castagnoli's (check value of \"123456789\")");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChunkedReadEncoder enc = new ChunkedReadEncoder(out, ChunkedReadEncoder.DEFAULT_MAX_BYTES_IN_FRAME);
    enc.series(Labels.of("a", "b"), 0);
    enc.chunk(1, 2, 1, new byte[] {0, 1}, 2);
    enc.endSeries();
    // ChunkedReadResponse{chunked_series: {labels: {name: "a", value: "b"}, chunks: {1, 2, XOR, 0x0001}}}
    byte[] message = HexFormat.of().parseHex("0a14" + "0a060a0161120162" + "120a080110021801220200" + "01");
    CRC32C crc = new CRC32C();
    crc.update(message);
    ByteArrayOutputStream want = new ByteArrayOutputStream();
    want.write(message.length);
    for (int shift = 24; shift >= 0; shift -= 8) want.write((int) (crc.getValue() >>> shift));
    want.writeBytes(message);
    assertArrayEquals(want.toByteArray(), out.toByteArray());
    assertEquals(1, enc.frames());
  }

  @Test
  void corruptedFrameFailsItsCrc() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChunkedReadEncoder enc = new ChunkedReadEncoder(out, 1 << 20);
    enc.series(Labels.of("__name__", "up"), 0);
    enc.chunk(1000, 2000, 1, new byte[] {0, 2, 3, 4}, 4);
    enc.endSeries();
    byte[] body = out.toByteArray();
    assertEquals(1, ChunkedReadFrames.read(body, 1 << 20).size());
    body[body.length - 1] ^= 1;
    IOException e = assertThrows(IOException.class, () -> ChunkedReadFrames.read(body, 1 << 20));
    assertTrue(e.getMessage().contains("CRC32C"), e.getMessage());
  }

  @Test
  void seriesLargerThanOneFrameIsSplitAcrossFramesEachWithItsLabels() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int max = 1000;
    ChunkedReadEncoder enc = new ChunkedReadEncoder(out, max);
    Labels l = Labels.of("__name__", "big", "job", "x");
    enc.series(l, 3);
    byte[] data = new byte[300];
    for (int i = 0; i < 10; i++) {
      data[0] = (byte) i;
      enc.chunk(i * 1000L + 1, i * 1000L + 999, 1, data, data.length);
    }
    enc.endSeries();
    List<ChunkedReadFrames.Frame> frames = ChunkedReadFrames.read(out.toByteArray(), 2 * max);
    // Budget 1000 minus the labels (23 bytes); chunks of about 311 bytes: the fourth one uses it up.
    assertEquals(List.of(4, 4, 2), frames.stream().map(f -> f.chunks().get(0).size()).toList());
    int next = 0;
    for (ChunkedReadFrames.Frame f : frames) {
      assertEquals(3, f.queryIndex());
      assertEquals(List.of(l), f.series(), "every frame of a split series repeats its labels");
      for (ChunkedReadFrames.Chunk c : f.chunks().get(0)) {
        assertEquals(next++, c.data()[0], "chunks keep their order across frames");
      }
      assertTrue(f.messageBytes() <= max + 313 + 8, "a frame overshoots the budget by at most one chunk: " + f.messageBytes());
    }
    assertEquals(10, next);
  }

  @Test
  void defaultFrameBudgetIsPrometheusOneMebibyteAndBoundsEveryFrame() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChunkedReadEncoder enc = new ChunkedReadEncoder(out, ChunkedReadEncoder.DEFAULT_MAX_BYTES_IN_FRAME);
    assertEquals(1 << 20, ChunkedReadEncoder.DEFAULT_MAX_BYTES_IN_FRAME);
    enc.series(Labels.of("__name__", "huge"), 0);
    byte[] data = new byte[1200];
    for (int i = 0; i < 3000; i++) enc.chunk(i + 1, i + 2, 1, data, data.length);
    enc.endSeries();
    // Prometheus counts each chunk's message but not its field prefix (3 bytes here, ~870 chunks a
    // frame) and lets the last chunk overshoot: a frame stays within 1 MiB + 4 KiB.
    List<ChunkedReadFrames.Frame> frames = ChunkedReadFrames.read(out.toByteArray(), (1 << 20) + 4096);
    assertEquals(3000, frames.stream().mapToInt(f -> f.chunks().get(0).size()).sum());
    assertTrue(frames.size() >= 4, "3.6 MB of chunks must take several frames, got " + frames.size());
  }

  @Test
  void seriesWithoutChunksWritesNoFrame() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChunkedReadEncoder enc = new ChunkedReadEncoder(out, 1 << 20);
    enc.series(Labels.of("__name__", "empty"), 0);
    enc.endSeries();
    assertEquals(0, out.size());
  }
}
