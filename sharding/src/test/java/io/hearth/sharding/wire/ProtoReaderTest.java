package io.hearth.sharding.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The protobuf wire reader shared by remote write, remote read and the protobuf exposition parser. */
class ProtoReaderTest {
  private static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
    return b;
  }

  private static ProtoReader over(byte[] b) {
    return new ProtoReader().reset(b, 0, b.length);
  }

  private static ProtoFormatException fails(Runnable read) {
    return assertThrows(ProtoFormatException.class, read::run);
  }

  @Test
  void varintsOfOneToTenBytesDecode() {
    assertEquals(0, over(bytes(0x00)).readVarint());
    assertEquals(300, over(bytes(0xac, 0x02)).readVarint());
    // -1 as an int64 is ten bytes, the last carrying the top bit.
    ProtoReader r = over(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01));
    assertEquals(-1L, r.readVarint());
    assertFalse(r.more());
    assertEquals(Long.MIN_VALUE, over(bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01)).readVarint());
  }

  @Test
  void varintsWrittenByByteSinkReadBack() {
    long[] values = {0, 1, 127, 128, 300, 1L << 35, Long.MAX_VALUE, -1L};
    byte[] b = new byte[values.length * 10];
    int at = 0;
    for (long v : values) {
      int next = ByteSink.putUvarint(b, at, v);
      assertEquals(ByteSink.uvarintLength(v), next - at);
      at = next;
    }
    assertEquals(10, ByteSink.uvarintLength(-1L));
    ProtoReader r = new ProtoReader().reset(b, 0, at);
    for (long v : values) assertEquals(v, r.readVarint());
    assertFalse(r.more());
  }

  @Test
  void anOverlongVarintIsAnIntegerOverflow() {
    ProtoReader r = over(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01));
    ProtoFormatException e = fails(r::readVarint);
    assertEquals(ProtoReader.INTEGER_OVERFLOW, e.reason());
    assertEquals(10, e.offset());
  }

  @Test
  void zigzagAnd32BitVarintsAreGoConversions() {
    assertEquals(-1, over(bytes(0x01)).readSint64());
    assertEquals(1, over(bytes(0x02)).readSint32());
    assertEquals(-3, ProtoReader.decodeZigZag(5));
    // uint32(v) of a 64-bit varint keeps the low 32 bits.
    assertEquals(-1, over(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01)).readVarint32());
  }

  @Test
  void fixedWidthValuesAreLittleEndian() {
    assertEquals(0x0807060504030201L, over(bytes(1, 2, 3, 4, 5, 6, 7, 8)).readFixed64());
    assertEquals(0x04030201, over(bytes(1, 2, 3, 4)).readFixed32());
    assertEquals(1.5, over(bytes(0, 0, 0, 0, 0, 0, 0xf8, 0x3f)).readDouble());
  }

  @Test
  void aLengthDelimitedValueIsAnOffsetRangeIntoTheCallersArray() {
    // field 2 (LEN) "abc", then field 1 (VARINT) 7
    byte[] b = bytes(0x12, 3, 'a', 'b', 'c', 0x08, 7);
    ProtoReader r = over(b);
    assertEquals(2, r.readTag("M"));
    assertEquals(ProtoReader.LEN, r.wireType());
    long range = r.lenField("S");
    assertEquals(2, ProtoReader.rangeFrom(range));
    assertEquals(5, ProtoReader.rangeTo(range));
    assertEquals(1, r.readTag("M"));
    assertEquals(7, r.varintField("V"));
    assertFalse(r.more());
  }

  @Test
  void enterNarrowsTheLimitAndLeaveRestoresIt() {
    // field 1 (LEN) holding field 1 (VARINT) 5, then field 2 (VARINT) 9
    ProtoReader r = over(bytes(0x0a, 2, 0x08, 5, 0x10, 9));
    r.readTag("Outer");
    int old = r.enter();
    assertEquals(4, r.limit());
    assertEquals(1, r.readTag("Inner"));
    assertEquals(5, r.readVarint());
    assertFalse(r.more());
    r.leave(old);
    assertEquals(2, r.readTag("Outer"));
    assertEquals(9, r.readVarint());
  }

  @Test
  void everyWireTypeIsSkipped() {
    byte[] b = bytes(
        0x08, 0x96, 0x01, // 1 VARINT
        0x11, 1, 2, 3, 4, 5, 6, 7, 8, // 2 FIXED64
        0x1a, 2, 'h', 'i', // 3 LEN
        0x23, 0x08, 1, 0x24, // 4 START_GROUP holding a varint, then END_GROUP
        0x2d, 1, 2, 3, 4, // 5 FIXED32
        0x30, 42); // 6 VARINT, read
    ProtoReader r = over(b);
    for (int field = 1; field <= 5; field++) {
      assertEquals(field, r.readTag("M"));
      r.skip();
    }
    assertEquals(6, r.readTag("M"));
    assertEquals(42, r.readVarint());
    assertFalse(r.more());
  }

  @Test
  void illegalTagsAndWireTypesFailWithGogoText() {
    ProtoReader zero = over(bytes(0x00));
    assertEquals("proto: Sample: illegal tag 0 (wire type 0)", fails(() -> zero.readTag("Sample")).reason());
    ProtoReader untyped = over(bytes(0x00));
    assertEquals("proto: illegal tag 0 (wire type 0)", fails(() -> untyped.readTag(null)).reason());
    ProtoReader endGroup = over(bytes(0x0c));
    assertEquals("proto: W: wiretype end group for non-group", fails(() -> endGroup.readTag("W")).reason());
    ProtoReader six = over(bytes(0x4e, 0x00));
    six.readTag("W");
    assertEquals("proto: illegal wireType 6", fails(six::skip).reason());
    ProtoReader wrong = over(bytes(0x08, 1));
    wrong.readTag("W");
    ProtoFormatException e = fails(() -> wrong.doubleField("Value"));
    assertEquals("proto: wrong wireType = 0 for field Value", e.reason());
    assertEquals(1, e.field());
  }

  @Test
  void aLengthPastTheEndFailsNamingFieldAndOffset() {
    // field 3 (LEN) announcing 5 bytes, 2 present
    ProtoReader r = over(bytes(0x08, 1, 0x1a, 5, 'a', 'b'));
    r.readTag("M");
    r.readVarint();
    r.readTag("M");
    ProtoFormatException e = fails(() -> r.lenField("S"));
    assertEquals(ProtoReader.UNEXPECTED_EOF, e.reason());
    assertEquals(3, e.field());
    assertEquals(3, e.offset());
    assertEquals("unexpected EOF [field=3, offset=3]", e.getMessage());
  }

  @Test
  void aNegativeLengthIsRefused() {
    ProtoReader r = over(bytes(0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01));
    r.readTag("M");
    assertEquals(ProtoReader.NEGATIVE_LENGTH, fails(r::readLengthEnd).reason());
  }

  @Test
  void truncatedValuesAreUnexpectedEof() {
    ProtoReader varint = over(bytes(0x80));
    assertEquals(ProtoReader.UNEXPECTED_EOF, fails(varint::readVarint).reason());
    ProtoReader fixed64 = over(bytes(1, 2, 3, 4, 5, 6, 7));
    assertEquals(ProtoReader.UNEXPECTED_EOF, fails(fixed64::readFixed64).reason());
    ProtoReader fixed32 = over(bytes(1, 2, 3));
    assertEquals(ProtoReader.UNEXPECTED_EOF, fails(fixed32::readFixed32).reason());
    ProtoReader skip64 = over(bytes(0x09, 1, 2));
    skip64.readTag("M");
    assertEquals(ProtoReader.UNEXPECTED_EOF, fails(skip64::skip).reason());
    ProtoReader tag = over(bytes(0x88));
    assertEquals(ProtoReader.UNEXPECTED_EOF, fails(() -> tag.readTag("M")).reason());
  }

  @Test
  void readsStopAtTheLimitNotTheArrayEnd() {
    byte[] b = bytes(0x08, 0x96, 0x01, 0x08, 1);
    ProtoReader r = new ProtoReader().reset(b, 0, 2);
    r.readTag("M");
    assertEquals(ProtoReader.UNEXPECTED_EOF, fails(r::readVarint).reason());
    assertThrows(IllegalArgumentException.class, () -> new ProtoReader().reset(b, 3, 3));
  }

  @Test
  void theCallersFailureTypeIsThrown() {
    class Refused extends RuntimeException {
      Refused(String m) {
        super(m);
      }
    }
    ProtoReader r = new ProtoReader((message, field, offset) -> new Refused(message + "@" + offset));
    r.reset(bytes(0x80), 0, 1);
    assertEquals("unexpected EOF@1", assertThrows(Refused.class, r::readVarint).getMessage());
    assertTrue(r.position() <= r.limit());
  }

  private static byte[] records(int n) {
    byte[] one = bytes(0x08, 0x96, 0x01, 0x11, 1, 2, 3, 4, 5, 6, 7, 8, 0x1a, 3, 'a', 'b', 'c', 0x20, 5);
    byte[] b = new byte[one.length * n];
    for (int i = 0; i < n; i++) System.arraycopy(one, 0, b, i * one.length, one.length);
    return b;
  }

  private static long sum;

  private static void readAll(ProtoReader r, byte[] b) {
    r.reset(b, 0, b.length);
    while (r.more()) {
      switch (r.readTag("M")) {
        case 1 -> sum += r.varintField("A");
        case 2 -> sum += (long) r.doubleField("B");
        case 3 -> sum += ProtoReader.rangeTo(r.lenField("C"));
        default -> r.skip();
      }
    }
  }

  @Test
  void readingFieldsAllocatesNothingPerField() {
    var bean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    bean.setThreadAllocatedMemoryEnabled(true);
    ProtoReader r = new ProtoReader();
    byte[] small = records(1_000);
    byte[] large = records(100_000);
    for (int i = 0; i < 20; i++) {
      readAll(r, small);
      readAll(r, large);
    }
    long tid = Thread.currentThread().getId();
    long a = Long.MAX_VALUE;
    long b = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long before = bean.getThreadAllocatedBytes(tid);
      readAll(r, small);
      long mid = bean.getThreadAllocatedBytes(tid);
      readAll(r, large);
      a = Math.min(a, mid - before);
      b = Math.min(b, bean.getThreadAllocatedBytes(tid) - mid);
    }
    // 396k more fields: even one 16-byte object per message would be 1.6 MB.
    assertTrue(b - a < 64 * 1024, "reading 400k fields allocated " + b + " B vs " + a + " B for 4k");
    assertTrue(sum > 0);
  }
}
