package io.hearth.sharding.api.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.sharding.api.Labels;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link LabelsText} against the text of Go's {@code labels.Labels.String()}. */
class LabelsTextTest {
  @Test
  void writesEveryLabelInOrderWithQuotedValues() {
    Labels l = Labels.builder().set("__name__", "up").set("job", "a\"b").set("path", "/x\ny").build();
    assertEquals("{__name__=\"up\", job=\"a\\\"b\", path=\"/x\\ny\"}", LabelsText.format(l));
    assertEquals("{}", LabelsText.format(Labels.builder().build()));
  }

  @Test
  void aPairQuotesTheNameOnlyWhenItIsNotALegacyName() {
    byte[] b = "jobapi.name\u00e9x".getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder();
    LabelsText.appendPair(sb, b, 0, 3, 3, 3);
    assertEquals("job=\"api\"", sb.toString());
    sb.setLength(0);
    LabelsText.appendPair(sb, b, 6, 5, 11, 3);
    assertEquals("\".name\"=\"\u00e9x\"", sb.toString());
    sb.setLength(0);
    LabelsText.appendPair(sb, b, 7, 4, 11, 1);
    assertEquals("name=\"\\xc3\"", sb.toString());
  }

  @ParameterizedTest
  @CsvSource({"__name__, true", "a1_B, true", "'', false", "1a, false", "a.b, false", "a:b, false"})
  void legacyLabelNamesAreLettersDigitsAndUnderscoresNotLeadingWithADigit(String name, boolean legacy) {
    byte[] b = name.getBytes(StandardCharsets.UTF_8);
    assertEquals(legacy, LabelsText.isLegacyLabelName(b, 0, b.length));
  }
}
