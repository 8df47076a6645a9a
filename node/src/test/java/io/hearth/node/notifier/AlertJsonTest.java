package io.hearth.node.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.sharding.api.Labels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API v2 body, byte for byte as Prometheus's notifier writes it. */
class AlertJsonTest {
  @Test
  void alertIsEncodedWithPrometheussFieldsAndMillisecondTimes() {
    Alert a = new Alert(Labels.of("alertname", "HighLatency", "job", "api"), Labels.of("summary", "p99 \"slow\""),
        1714557600123L, 1714561200000L, "http://hearth:9090/graph?g0.expr=x");
    assertEquals("[{\"annotations\":{\"summary\":\"p99 \\\"slow\\\"\"},\"endsAt\":\"2024-05-01T11:00:00.000Z\","
        + "\"startsAt\":\"2024-05-01T10:00:00.123Z\",\"generatorURL\":\"http://hearth:9090/graph?g0.expr=x\","
        + "\"labels\":{\"alertname\":\"HighLatency\",\"job\":\"api\"}}]",
        new String(AlertJson.encode(List.of(a)), StandardCharsets.UTF_8));
  }

  @Test
  void noEndNoAnnotationsAndNoGeneratorUrlAreLeftOut() {
    Alert a = new Alert(Labels.of("alertname", "A"), Labels.EMPTY, 0, 0, "");
    assertEquals("[{\"startsAt\":\"1970-01-01T00:00:00.000Z\",\"labels\":{\"alertname\":\"A\"}}]",
        new String(AlertJson.encode(List.of(a)), StandardCharsets.UTF_8));
  }
}
