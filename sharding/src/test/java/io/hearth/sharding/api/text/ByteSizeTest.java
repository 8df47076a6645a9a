package io.hearth.sharding.api.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link ByteSize} against Prometheus's {@code units.ParseBase2Bytes}. */
class ByteSizeTest {
  @ParameterizedTest
  @CsvSource({
    "1000, 1000",
    "0, 0",
    "7B, 7",
    "512KB, 524288",
    "512KiB, 524288",
    "10MB, 10485760",
    "1GiB, 1073741824",
    "1.5GB, 1610612736",
    "2TB, 2199023255552",
    "1PiB, 1125899906842624",
    "1EB, 1152921504606846976",
    "' 3MB ', 3145728",
  })
  void readsBase2Sizes(String text, long bytes) {
    assertEquals(bytes, ByteSize.parse(text));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "MB| units: invalid syntax in \"MB\"",
    "-5MB| units: invalid syntax in \"-5MB\"",
    "10mb| units: unknown unit mb in 10mb",
    "10 MB| units: unknown unit  MB in 10 MB",
    "5XB| units: unknown unit XB in 5XB",
  })
  void rejectsWhatPrometheusRejectsInItsWords(String text, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(text));
    assertEquals(message, e.getMessage());
  }
}
