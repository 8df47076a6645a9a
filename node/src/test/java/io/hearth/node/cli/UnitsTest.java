package io.hearth.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Flag values read through the shared text helpers, with errors worded for the flag. */
class UnitsTest {
  @Test
  void sizeFlagsTakeTheUnitInAnyCaseAndASpaceBeforeIt() {
    assertEquals(512L << 20, Units.bytes("memory.heap", "512MB"));
    assertEquals(512L << 20, Units.bytes("memory.heap", "512mib"));
    assertEquals(3L << 30, Units.bytes("memory.heap", " 3 gb "));
    assertEquals(0, Units.bytes("storage.tsdb.retention.size", "0"));
  }

  @Test
  void aBadSizeNamesTheFlagAndTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.bytes("memory.heap", "lots"));
    assertEquals("invalid value \"lots\" for flag --memory.heap: not a size like 512MB or 10GB", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Units.bytes("memory.heap", "-5MB"));
    assertEquals("invalid value \"-5MB\" for flag --memory.heap: not a size like 512MB or 10GB", e.getMessage());
  }

  @Test
  void aBadDurationNamesTheFlagAndTheValue() {
    assertEquals(15L * 86_400_000L, Units.duration("storage.tsdb.retention.time", "15d"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Units.duration("storage.tsdb.retention.time", "3x"));
    assertEquals("invalid value \"3x\" for flag --storage.tsdb.retention.time: not a duration like 15d or 2h30m", e.getMessage());
  }
}
