package io.hearth.sharding.api.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.Labels;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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

  @Test
  void legacyLabelNamesAreLettersDigitsAndUnderscoresNotLeadingWithADigit() {
    assertTrue(legacy("__name__"));
    assertTrue(legacy("a1_B"));
    assertFalse(legacy(""));
    assertFalse(legacy("1a"));
    assertFalse(legacy("a.b"));
    assertFalse(legacy("a:b"));
  }

  private static boolean legacy(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return LabelsText.isLegacyLabelName(b, 0, b.length);
  }
}
