package io.hearth.node.remote;

import com.google.protobuf.CodedInputStream;
import io.hearth.sharding.api.Labels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Test-side reader of a STREAMED_XOR_CHUNKS body with protobuf-java: splits the frames (uvarint
 * length, big-endian CRC32C, message), checks each CRC and decodes each {@code ChunkedReadResponse}.
 * Fails on a CRC mismatch, a truncated frame or a frame larger than {@code maxFrame}.
 */
public final class ChunkedReadFrames {
  public record Chunk(long minT, long maxT, int type, byte[] data) {}

  public record Frame(int messageBytes, long queryIndex, List<Labels> series, List<List<Chunk>> chunks) {}

  private ChunkedReadFrames() {}

  public static List<Frame> read(byte[] body, int maxFrame) throws IOException {
    List<Frame> frames = new ArrayList<>();
    CodedInputStream in = CodedInputStream.newInstance(body);
    while (!in.isAtEnd()) {
      int len = in.readRawVarint32();
      if (len > maxFrame) throw new IOException("frame of " + len + " bytes exceeds the limit " + maxFrame);
      if (in.getTotalBytesRead() + 4 + len > body.length) {
        int from = Math.max(0, body.length - 200);
        throw new IOException("frame " + frames.size() + " of " + len + " bytes is cut off; the body ends with: "
            + new String(body, from, body.length - from, java.nio.charset.StandardCharsets.UTF_8));
      }
      int crc = 0;
      for (int i = 0; i < 4; i++) crc = (crc << 8) | (in.readRawByte() & 0xff);
      byte[] msg = in.readRawBytes(len);
      CRC32C c = new CRC32C();
      c.update(msg);
      if ((int) c.getValue() != crc) {
        throw new IOException("frame " + frames.size() + ": CRC32C " + Integer.toHexString((int) c.getValue())
            + " but header says " + Integer.toHexString(crc));
      }
      frames.add(message(msg));
    }
    return frames;
  }

  private static Frame message(byte[] msg) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(msg);
    long queryIndex = 0;
    List<Labels> series = new ArrayList<>();
    List<List<Chunk>> chunks = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag >>> 3) {
        case 1 -> {
          Labels.Builder lb = Labels.builder();
          List<Chunk> cs = new ArrayList<>();
          CodedInputStream s = CodedInputStream.newInstance(in.readByteArray());
          for (int t = s.readTag(); t != 0; t = s.readTag()) {
            CodedInputStream m = CodedInputStream.newInstance(s.readByteArray());
            if (t >>> 3 == 1) {
              String name = "";
              String value = "";
              for (int u = m.readTag(); u != 0; u = m.readTag()) {
                if (u >>> 3 == 1) name = m.readString();
                else if (u >>> 3 == 2) value = m.readString();
                else m.skipField(u);
              }
              lb.set(name, value);
            } else if (t >>> 3 == 2) {
              long min = 0;
              long max = 0;
              int type = 0;
              byte[] data = new byte[0];
              for (int u = m.readTag(); u != 0; u = m.readTag()) {
                switch (u >>> 3) {
                  case 1 -> min = m.readInt64();
                  case 2 -> max = m.readInt64();
                  case 3 -> type = m.readEnum();
                  case 4 -> data = m.readByteArray();
                  default -> m.skipField(u);
                }
              }
              cs.add(new Chunk(min, max, type, data));
            }
          }
          series.add(lb.build());
          chunks.add(cs);
        }
        case 2 -> queryIndex = in.readInt64();
        default -> in.skipField(tag);
      }
    }
    return new Frame(msg.length, queryIndex, series, chunks);
  }
}
