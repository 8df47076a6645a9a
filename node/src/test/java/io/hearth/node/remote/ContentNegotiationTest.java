package io.hearth.node.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentNegotiationTest {
  private final ContentNegotiation both = new ContentNegotiation();

  @ParameterizedTest(name = "[{0}] [{1}] -> {3}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "NULL|NULL|NULL|V1",
      "''|''|NULL|V1",
      "application/x-protobuf|snappy|0.1.0|V1",
      "application/x-protobuf;proto=prometheus.WriteRequest|snappy|0.1.0|V1",
      "application/x-protobuf;proto=io.prometheus.write.v2.Request|snappy|2.0.0|V2",
      "application/x-protobuf; proto=io.prometheus.write.v2.Request|SNAPPY|2.0.0|V2",
      "'  application/x-protobuf;charset=utf-8;proto=io.prometheus.write.v2.Request  '|snappy|NULL|V2",
      "application/x-protobuf;proto=io.prometheus.write.v2.Request|snappy|0.1.0|V2",
  })
  void picksTheMessageFromContentType(String type, String encoding, String version, RemoteWriteVersion want) {
    assertEquals(want, both.negotiate(type, encoding, version));
  }

  @ParameterizedTest(name = "[{0}] [{1}]")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "application/json|snappy|expected application/x-protobuf as the first (media) part, got application/json content-type",
      "application/x-protobuf ;proto=io.prometheus.write.v2.Request|snappy|expected application/x-protobuf as the first (media) part, "
          + "got application/x-protobuf ;proto=io.prometheus.write.v2.Request content-type",
      "application/x-protobuf;|snappy|as per https://www.rfc-editor.org/rfc/rfc9110#parameter expected parameters to be key-values, "
          + "got  in application/x-protobuf; content-type",
      "application/x-protobuf;proto|snappy|as per https://www.rfc-editor.org/rfc/rfc9110#parameter expected parameters to be key-values, "
          + "got proto in application/x-protobuf;proto content-type",
      "application/x-protobuf;proto=foo.Bar|snappy|got application/x-protobuf;proto=foo.Bar content type; unknown remote write "
          + "protobuf message foo.Bar, supported: prometheus.WriteRequest, io.prometheus.write.v2.Request",
      "application/x-protobuf|gzip|gzip encoding (compression) is not accepted by this server; only snappy is acceptable",
      "application/x-protobuf|zstd|zstd encoding (compression) is not accepted by this server; only snappy is acceptable",
  })
  void refusesWithPrometheusText(String type, String encoding, String message) {
    var e = assertThrows(RemoteProtocolException.UnsupportedMediaType.class, () -> both.negotiate(type, encoding, null));
    assertEquals(message, e.getMessage());
    assertEquals(415, e.httpStatus());
  }

  @Test
  void refusesAVersionTheServerDoesNotTake() {
    ContentNegotiation v1Only = new ContentNegotiation(EnumSet.of(RemoteWriteVersion.V1));
    var e = assertThrows(RemoteProtocolException.UnsupportedMediaType.class,
        () -> v1Only.negotiate(RemoteWriteVersion.V2.contentType(), "snappy", "2.0.0"));
    assertEquals("io.prometheus.write.v2.Request protobuf message is not accepted by this server; accepted [prometheus.WriteRequest]",
        e.getMessage());
  }

  @Test
  void contentTypesSendersUse() {
    assertEquals("application/x-protobuf", RemoteWriteVersion.V1.contentType());
    assertEquals("application/x-protobuf;proto=io.prometheus.write.v2.Request", RemoteWriteVersion.V2.contentType());
  }

  @Test
  void writtenHeadersCarryAllThreeCountsZerosIncluded() {
    assertEquals(java.util.List.of(
            java.util.Map.entry("X-Prometheus-Remote-Write-Samples-Written", "12"),
            java.util.Map.entry("X-Prometheus-Remote-Write-Histograms-Written", "0"),
            java.util.Map.entry("X-Prometheus-Remote-Write-Exemplars-Written", "0")),
        java.util.List.copyOf(RemoteWriteHeaders.written(12, 0, 0).entrySet()));
  }
}
