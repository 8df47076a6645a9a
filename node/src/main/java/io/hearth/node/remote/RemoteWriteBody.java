package io.hearth.node.remote;

import io.hearth.node.remote.RemoteProtocolException.BadRequest;
import io.hearth.node.remote.RemoteProtocolException.PayloadTooLarge;
import java.io.IOException;
import org.xerial.snappy.Snappy;

/**
 * The snappy block framing of remote-write and remote-read bodies (block format, not the framed
 * stream format): a uvarint of the decoded length, then the compressed block.
 *
 * <p>The declared length is read and checked against the caller's limit before anything is
 * allocated, so a 30-byte body announcing 4 GiB costs nothing. Errors: {@link PayloadTooLarge}
 * (HTTP 413) over the limit; {@link BadRequest} {@code CORRUPT_SNAPPY} (HTTP 400) with Go snappy's
 * text {@code snappy: corrupt input}, which is what Prometheus answers. An empty body decodes to
 * an empty body, as in Prometheus. Stateless and thread-safe.
 */
public final class RemoteWriteBody {
  /** Go snappy's {@code ErrCorrupt} text, which Prometheus sends back. */
  public static final String CORRUPT = "snappy: corrupt input";

  private RemoteWriteBody() {}

  /** Decompresses a whole body. */
  public static byte[] decompress(byte[] compressed, int maxDecodedBytes) {
    return decompress(compressed, 0, compressed.length, maxDecodedBytes);
  }

  /** Decompresses {@code compressed[off, off+len)}. */
  public static byte[] decompress(byte[] compressed, int off, int len, int maxDecodedBytes) {
    if (len == 0) {
      return new byte[0];
    }
    byte[] out = new byte[checkedLength(compressed, off, len, maxDecodedBytes)];
    uncompress(compressed, off, len, out);
    return out;
  }

  /**
   * Decompresses the whole of {@code compressed} into {@code into}'s buffer, reused across requests
   * of one thread, and returns the decoded length ({@code into.bytes()[0, length)} is the body,
   * valid until the next call with the same buffer). The same checks as {@link #decompress}.
   */
  public static int decompressInto(byte[] compressed, int maxDecodedBytes, Scratch into) {
    if (compressed.length == 0) {
      return 0;
    }
    int declared = checkedLength(compressed, 0, compressed.length, maxDecodedBytes);
    uncompress(compressed, 0, compressed.length, into.ensure(declared));
    return declared;
  }

  /**
   * A decode buffer one thread reuses: requests up to {@code keepBytes} decode into the same array;
   * a larger one gets an array of its own that is not kept, so a burst of big requests does not
   * pin memory.
   */
  public static final class Scratch {
    private final int keepBytes;
    private byte[] kept = new byte[0];
    private byte[] current = kept;

    public Scratch(int keepBytes) {
      this.keepBytes = keepBytes;
    }

    byte[] ensure(int n) {
      if (n > keepBytes) {
        current = new byte[n];
      } else {
        if (kept.length < n) kept = new byte[Math.min(keepBytes, Math.max(n, kept.length * 2))];
        current = kept;
      }
      return current;
    }

    /** The buffer the last {@link #decompressInto} wrote. */
    public byte[] bytes() {
      return current;
    }
  }

  private static int checkedLength(byte[] compressed, int off, int len, int maxDecodedBytes) {
    long declared = declaredLength(compressed, off, len);
    if (declared > maxDecodedBytes) {
      throw new PayloadTooLarge(declared, maxDecodedBytes);
    }
    if (declared > maxDecodedLength(len)) {
      throw new BadRequest(BadRequest.Reason.CORRUPT_SNAPPY, CORRUPT + ": declared length " + declared
          + " cannot come from " + len + " compressed bytes (at most " + maxDecodedLength(len) + ")");
    }
    return (int) declared;
  }

  private static void uncompress(byte[] compressed, int off, int len, byte[] out) {
    long declared = declaredLength(compressed, off, len);
    int n;
    try {
      n = Snappy.uncompress(compressed, off, len, out, 0);
    } catch (IOException | RuntimeException e) {
      throw corrupt();
    }
    if (n != declared) {
      throw corrupt();
    }
  }

  /**
   * The most a valid snappy block of {@code compressedLength} bytes can decode to. The densest
   * element of the format is a copy with a 2-byte offset: 3 bytes for 64 decoded bytes, so no block
   * expands more than 64/3 times. A block that declares more is corrupt or hostile, and is refused
   * before anything is allocated for it.
   */
  public static long maxDecodedLength(int compressedLength) {
    return (long) compressedLength * 64 / 3 + 64;
  }

  /**
   * The decoded length a snappy block announces (its uvarint prefix), without decoding it.
   *
   * @throws BadRequest when the prefix is not a well-formed uvarint
   */
  public static long declaredLength(byte[] b, int off, int len) {
    long v = 0;
    for (int i = 0; i < 10; i++) {
      if (i >= len) {
        throw corrupt();
      }
      int c = b[off + i] & 0xff;
      if (i == 9 && c > 1) {
        throw corrupt();
      }
      v |= (long) (c & 0x7f) << (7 * i);
      if (c < 0x80) {
        return v < 0 ? Long.MAX_VALUE : v;
      }
    }
    throw corrupt();
  }

  /** Compresses into a new array (for responses and tests). */
  public static byte[] compress(byte[] raw, int off, int len) {
    byte[] out = new byte[Snappy.maxCompressedLength(len)];
    try {
      int n = Snappy.compress(raw, off, len, out, 0);
      return java.util.Arrays.copyOf(out, n);
    } catch (IOException e) {
      throw new IllegalStateException("snappy compression failed", e);
    }
  }

  private static BadRequest corrupt() {
    return new BadRequest(BadRequest.Reason.CORRUPT_SNAPPY, CORRUPT);
  }
}
