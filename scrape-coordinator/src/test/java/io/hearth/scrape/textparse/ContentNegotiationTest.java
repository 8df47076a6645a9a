package io.hearth.scrape.textparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hearth.scrape.config.ScrapeProtocol;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentNegotiationTest {
  @Test
  void acceptHeaderWeighsProtocolsInOrder() {
    assertEquals("text/plain;version=0.0.4;q=0.6,application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.5,*/*;q=0.4",
        ContentNegotiation.acceptHeader(List.of(ScrapeProtocol.PROMETHEUS_TEXT_0_0_4, ScrapeProtocol.OPENMETRICS_TEXT_1_0_0),
            "underscores"));
  }

  @Test
  void contentTypeChoosesTheParser() {
    assertEquals(ExpositionFormat.PROMETHEUS_TEXT,
        ContentNegotiation.choose("text/plain; version=0.0.4; charset=utf-8", null).format());
    assertEquals(ExpositionFormat.OPENMETRICS_TEXT,
        ContentNegotiation.choose("application/openmetrics-text; version=1.0.0", null).format());
    assertNull(ContentNegotiation.choose("text/plain", null).message());
  }

  @Test
  void unknownOrMissingContentTypeUsesTheFallbackOrFails() {
    ContentNegotiation.Choice c = ContentNegotiation.choose("application/json", ScrapeProtocol.PROMETHEUS_TEXT_0_0_4);
    assertEquals(ExpositionFormat.PROMETHEUS_TEXT, c.format());
    assertEquals("received unsupported Content-Type \"application/json\", using fallback_scrape_protocol \"text/plain\"",
        c.message());
    c = ContentNegotiation.choose("application/json", null);
    assertNull(c.format());
    assertEquals("received unsupported Content-Type \"application/json\" and no fallback_scrape_protocol specified for target",
        c.message());
    c = ContentNegotiation.choose("", ScrapeProtocol.OPENMETRICS_TEXT_1_0_0);
    assertEquals(ExpositionFormat.OPENMETRICS_TEXT, c.format());
  }
}
