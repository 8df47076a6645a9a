package io.hearth.sharding.api.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link GoQuote} against what Go's {@code strconv.Quote} prints for the same input. */
class GoQuoteTest {
  @Test
  void keepsPrintableRunesAndEscapesTheNamedControls() {
    assertEquals("\"a b\\\"c\\\\\"", GoQuote.quote("a b\"c\\"));
    assertEquals("\"\\a\\b\\f\\n\\r\\t\\v\"", GoQuote.quote("\u0007\b\f\n\r\t\u000b"));
    assertEquals("\"h\u00e9 \u65e5\u672c \ud83d\ude00\"", GoQuote.quote("h\u00e9 \u65e5\u672c \ud83d\ude00"));
  }

  @Test
  void escapesOtherNonPrintableRunesInHex() {
    assertEquals("\"\\x00\\x1f\\x7f\"", GoQuote.quote("\u0000\u001f\u007f"));
    assertEquals("\"\\u00a0\\u200b\\u2028\"", GoQuote.quote("\u00a0\u200b\u2028"));
    assertEquals("\"\\U000e0001\"", GoQuote.quote(new String(Character.toChars(0xe0001))));
    assertEquals("\"\\ufffd\"", GoQuote.quote("\ud800"));
  }

  @Test
  void printsBytesThatAreNotUtf8AsHexAndTheRestAsRunes() {
    assertEquals("\"\\xff\\t\u00e9\"", GoQuote.quote(new byte[] {(byte) 0xff, 9, (byte) 0xc3, (byte) 0xa9}));
    // Overlong, surrogate, truncated and out-of-range sequences: each bad byte alone.
    assertEquals("\"\\xc0\\xaf\"", GoQuote.quote(new byte[] {(byte) 0xc0, (byte) 0xaf}));
    assertEquals("\"\\xed\\xa0\\x80\"", GoQuote.quote(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}));
    assertEquals("\"\\xe6\\x97a\"", GoQuote.quote(new byte[] {(byte) 0xe6, (byte) 0x97, 'a'}));
    assertEquals("\"\\xf4\\x90\\x80\\x80\"", GoQuote.quote(new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}));
  }

  @Test
  void quotesOnlyTheGivenRangeOfBytes() {
    byte[] b = "xx\"a\nb\"yy".getBytes(StandardCharsets.UTF_8);
    assertEquals("\"\\\"a\\nb\\\"\"", GoQuote.quote(b, 2, 7));
    StringBuilder sb = new StringBuilder("got ");
    GoQuote.appendQuoted(sb, b, 3, 1);
    assertEquals("got \"a\"", sb.toString());
  }

  @Test
  void aSequenceCutByTheRangeEndIsInvalid() {
    byte[] b = "\u00e9".getBytes(StandardCharsets.UTF_8);
    assertEquals("\"\\xc3\"", GoQuote.quote(b, 0, 1));
  }
}
