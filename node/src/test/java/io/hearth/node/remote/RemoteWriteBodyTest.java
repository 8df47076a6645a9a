package io.hearth.node.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RemoteWriteBodyTest {
  @Test
  void roundTripsRandomBytes() {
    byte[] raw = new byte[100_000];
    new Random(42).nextBytes(raw);
    byte[] c = RemoteWriteBody.compress(raw, 0, raw.length);
    assertArrayEquals(raw, RemoteWriteBody.decompress(c, raw.length));
  }

  @Test
  void emptyBodyIsAnEmptyRequest() {
    assertEquals(0, RemoteWriteBody.decompress(new byte[0], 10).length);
  }

  @Test
  void limitIsCheckedBeforeAllocating() {
    // Declares 2 GiB - 1 with a 5-byte prefix: must fail without trying to allocate it.
    byte[] body = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0x00};
    var e = assertThrows(RemoteProtocolException.PayloadTooLarge.class, () -> RemoteWriteBody.decompress(body, 32 << 20));
    assertEquals(413, e.httpStatus());
    assertEquals(Integer.MAX_VALUE, e.declared());
    assertEquals(32 << 20, e.limit());
  }

  @Test
  void exactlyTheLimitIsAccepted() {
    byte[] raw = new byte[1024];
    byte[] c = RemoteWriteBody.compress(raw, 0, raw.length);
    assertEquals(1024, RemoteWriteBody.decompress(c, 1024).length);
    assertThrows(RemoteProtocolException.PayloadTooLarge.class, () -> RemoteWriteBody.decompress(c, 1023));
  }

  @Test
  void declaredLengthIsReadFromTheUvarintPrefix() {
    assertEquals(300, RemoteWriteBody.declaredLength(new byte[] {(byte) 0xac, 0x02}, 0, 2));
    var e = assertThrows(RemoteProtocolException.BadRequest.class,
        () -> RemoteWriteBody.declaredLength(new byte[] {(byte) 0x80, (byte) 0x80}, 0, 2));
    assertEquals(RemoteProtocolException.BadRequest.Reason.CORRUPT_SNAPPY, e.reason());
  }

  @Test
  void garbageAfterAValidPrefixIsCorrupt() {
    byte[] raw = "hello hello hello hello".getBytes();
    byte[] c = RemoteWriteBody.compress(raw, 0, raw.length);
    c[c.length - 3] = (byte) 0xfe;
    c[c.length - 2] = (byte) 0xff;
    var e = assertThrows(RemoteProtocolException.BadRequest.class, () -> RemoteWriteBody.decompress(c, 1000));
    assertEquals("snappy: corrupt input", e.getMessage());
  }

  @Test
  void bodiesDecodeIntoOneReusedBufferAndLargeOnesIntoTheirOwn() throws Exception {
    Random r = new Random(7);
    byte[] small = new byte[3_000];
    byte[] smaller = new byte[1_000];
    byte[] large = new byte[20_000];
    r.nextBytes(small);
    r.nextBytes(smaller);
    r.nextBytes(large);
    RemoteWriteBody.Scratch scratch = new RemoteWriteBody.Scratch(8_192);
    int n = RemoteWriteBody.decompressInto(org.xerial.snappy.Snappy.compress(small), 1 << 20, scratch);
    byte[] first = scratch.bytes();
    assertArrayEquals(small, java.util.Arrays.copyOf(first, n));
    n = RemoteWriteBody.decompressInto(org.xerial.snappy.Snappy.compress(smaller), 1 << 20, scratch);
    assertEquals(1_000, n);
    assertArrayEquals(smaller, java.util.Arrays.copyOf(scratch.bytes(), n));
    org.junit.jupiter.api.Assertions.assertSame(first, scratch.bytes(), "the same buffer for bodies within the kept size");
    n = RemoteWriteBody.decompressInto(org.xerial.snappy.Snappy.compress(large), 1 << 20, scratch);
    assertArrayEquals(large, java.util.Arrays.copyOf(scratch.bytes(), n));
    org.junit.jupiter.api.Assertions.assertNotSame(first, scratch.bytes(), "a body above the kept size gets its own array");
    n = RemoteWriteBody.decompressInto(org.xerial.snappy.Snappy.compress(small), 1 << 20, scratch);
    org.junit.jupiter.api.Assertions.assertSame(first, scratch.bytes(), "and is not kept");
    assertThrows(RemoteProtocolException.class,
        () -> RemoteWriteBody.decompressInto(org.xerial.snappy.Snappy.compress(large), 10_000, scratch), "the limit still holds");
  }
}
