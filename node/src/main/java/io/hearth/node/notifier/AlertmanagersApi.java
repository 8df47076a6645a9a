package io.hearth.node.notifier;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hearth.node.api.PromJson;
import io.hearth.node.http.ApiRequest;
import io.hearth.node.http.ApiResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code GET /api/v1/alertmanagers}: the Alertmanagers the notifier sends to and those its
 * {@code relabel_configs} dropped, as Prometheus answers it
 * ({@code {"activeAlertmanagers":[{"url":...}],"droppedAlertmanagers":[...]}}).
 */
public final class AlertmanagersApi {
  private final Notifier notifier;

  public AlertmanagersApi(Notifier notifier) {
    this.notifier = notifier;
  }

  public ApiResponse alertmanagers(ApiRequest r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = PromJson.generator(out)) {
      g.writeStartObject();
      g.writeStringField("status", "success");
      g.writeObjectFieldStart("data");
      urls(g, "activeAlertmanagers", notifier.activeAlertmanagers());
      urls(g, "droppedAlertmanagers", notifier.droppedAlertmanagers());
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ApiResponse.json(200, out.toByteArray());
  }

  private static void urls(JsonGenerator g, String field, List<String> urls) throws IOException {
    g.writeArrayFieldStart(field);
    for (String u : urls) {
      g.writeStartObject();
      g.writeStringField("url", u);
      g.writeEndObject();
    }
    g.writeEndArray();
  }
}
