package io.hearth.node.notifier;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hearth.node.api.PromJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Encodes alerts as the body of Alertmanager's {@code POST /api/v2/alerts}, field for field as
 * Prometheus sends them ({@code PostableAlerts}): {@code annotations} (left out when empty),
 * {@code endsAt} (left out when 0), {@code startsAt}, {@code generatorURL} (left out when empty)
 * and {@code labels}; times in UTC RFC 3339 with milliseconds ({@code 2024-05-01T10:00:00.000Z}).
 * Stateless.
 */
final class AlertJson {
  private static final DateTimeFormatter RFC3339_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  private AlertJson() {}

  static byte[] encode(List<Alert> alerts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 * Math.max(1, alerts.size()));
    try (JsonGenerator g = PromJson.generator(out)) {
      g.writeStartArray();
      for (Alert a : alerts) {
        g.writeStartObject();
        if (!a.annotations().isEmpty()) {
          g.writeFieldName("annotations");
          PromJson.writeLabels(g, a.annotations());
        }
        if (a.endsAtMs() != 0) g.writeStringField("endsAt", time(a.endsAtMs()));
        g.writeStringField("startsAt", time(a.startsAtMs()));
        if (!a.generatorUrl().isEmpty()) g.writeStringField("generatorURL", a.generatorUrl());
        g.writeFieldName("labels");
        PromJson.writeLabels(g, a.labels());
        g.writeEndObject();
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Unix milliseconds as RFC 3339 with milliseconds, in UTC. */
  static String time(long ms) {
    return RFC3339_MILLIS.format(Instant.ofEpochMilli(ms));
  }
}
