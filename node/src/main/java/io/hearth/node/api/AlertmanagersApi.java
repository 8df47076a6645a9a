package io.hearth.node.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hearth.node.http.ApiRequest;
import io.hearth.node.http.ApiResponse;
import io.hearth.node.notifier.Notifier;
import java.io.IOException;
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
    List<String> active = notifier.activeAlertmanagers();
    List<String> dropped = notifier.droppedAlertmanagers();
    return QueryApi.success(g -> {
      g.writeStartObject();
      urls(g, "activeAlertmanagers", active);
      urls(g, "droppedAlertmanagers", dropped);
      g.writeEndObject();
    });
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
