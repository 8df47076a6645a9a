package io.hearth.scrape.textparse;

import io.hearth.scrape.config.ScrapeProtocol;
import io.hearth.sharding.api.text.GoQuote;
import java.util.List;
import java.util.Locale;

/**
 * Content negotiation as Prometheus's scraper does it: the {@code Accept} header offered from the
 * configured {@code scrape_protocols}, and the choice of parser from the {@code Content-Type} the
 * target answered with (falling back to {@code fallback_scrape_protocol} when it is missing,
 * malformed or unknown). Stateless.
 */
public final class ContentNegotiation {
  private ContentNegotiation() {}

  /**
   * The Accept header, e.g. {@code application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,
   * application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,
   * text/plain;version=0.0.4;q=0.3,*&#47;*;q=0.2} for the default protocols.
   *
   * @param escapingScheme {@code allow-utf-8}, {@code underscores}, {@code dots} or {@code values}
   */
  public static String acceptHeader(List<ScrapeProtocol> protocols, String escapingScheme) {
    StringBuilder sb = new StringBuilder();
    int weight = ScrapeProtocol.values().length + 1;
    for (ScrapeProtocol p : protocols) {
      sb.append(p.header());
      if (p == ScrapeProtocol.PROMETHEUS_TEXT_1_0_0 || p == ScrapeProtocol.OPENMETRICS_TEXT_1_0_0) {
        sb.append(";escaping=").append(escapingScheme);
      }
      sb.append(";q=0.").append(weight).append(',');
      weight--;
    }
    sb.append("*/*;q=0.").append(weight);
    return sb.toString();
  }

  /**
   * The outcome of choosing a format: the format (null when none could be chosen) and a warning or
   * error text in Prometheus's words (null when the Content-Type was fine).
   */
  public record Choice(ExpositionFormat format, String message) {}

  /**
   * Chooses the format for a response.
   *
   * @param contentType the response's Content-Type header, possibly null or empty
   * @param fallback the configured fallback protocol, or null
   */
  public static Choice choose(String contentType, ScrapeProtocol fallback) {
    String fb = fallback == null ? "" : fallback.mediaType();
    ExpositionFormat fbFormat = fallback == null ? null : ExpositionFormat.ofMediaType(fb);
    if (contentType == null || contentType.isEmpty()) {
      if (fallback == null) {
        return new Choice(null, "non-compliant scrape target sending blank Content-Type and no "
            + "fallback_scrape_protocol specified for target");
      }
      return new Choice(fbFormat, "non-compliant scrape target sending blank Content-Type, using "
          + "fallback_scrape_protocol " + GoQuote.quote(fb));
    }
    String mediaType;
    try {
      mediaType = parseMediaType(contentType);
    } catch (IllegalArgumentException e) {
      if (fallback == null) {
        return new Choice(null, "cannot parse Content-Type " + GoQuote.quote(contentType)
            + " and no fallback_scrape_protocol for target\n" + e.getMessage());
      }
      return new Choice(fbFormat, "could not parse received Content-Type " + GoQuote.quote(contentType)
          + ", using fallback_scrape_protocol " + GoQuote.quote(fb) + "\n" + e.getMessage());
    }
    ExpositionFormat f = ExpositionFormat.ofMediaType(mediaType);
    if (f != null) return new Choice(f, null);
    if (fallback == null) {
      return new Choice(null, "received unsupported Content-Type " + GoQuote.quote(contentType)
          + " and no fallback_scrape_protocol specified for target");
    }
    return new Choice(fbFormat, "received unsupported Content-Type " + GoQuote.quote(contentType)
        + ", using fallback_scrape_protocol " + GoQuote.quote(fb));
  }

  /** A parser for a format, with native histograms not scraped (read as classic histograms). */
  public static Parser parserFor(ExpositionFormat f, byte[] b, int off, int len) {
    return parserFor(f, b, off, len, false, false);
  }

  /**
   * A parser for a format.
   *
   * @param scrapeNativeHistograms {@code scrape_native_histograms}: protobuf histograms with native
   *     data give {@link Entry#HISTOGRAM} entries
   * @param alwaysScrapeClassicHistograms {@code always_scrape_classic_histograms}: such histograms
   *     also give their classic series
   */
  public static Parser parserFor(ExpositionFormat f, byte[] b, int off, int len, boolean scrapeNativeHistograms,
      boolean alwaysScrapeClassicHistograms) {
    return parserFor(f, b, off, len, scrapeNativeHistograms, alwaysScrapeClassicHistograms, false);
  }

  /**
   * @param skipCreatedSeries created timestamps are ingested: OpenMetrics {@code _created} lines are
   *     read by {@link Parser#createdTimestamp()} rather than returned as series
   */
  public static Parser parserFor(ExpositionFormat f, byte[] b, int off, int len, boolean scrapeNativeHistograms,
      boolean alwaysScrapeClassicHistograms, boolean skipCreatedSeries) {
    switch (f) {
      case PROMETHEUS_TEXT: return new PromTextParser().reset(b, off, len);
      case OPENMETRICS_TEXT: return new OpenMetricsParser(skipCreatedSeries).reset(b, off, len);
      case PROMETHEUS_PROTOBUF:
        return new ProtobufParser(scrapeNativeHistograms, alwaysScrapeClassicHistograms).reset(b, off, len);
      default: throw new UnsupportedOperationException("unsupported exposition format " + f);
    }
  }

  /** Go's mime.ParseMediaType, reduced to what the choice needs: the lower-case media type. */
  static String parseMediaType(String v) {
    String[] parts = v.split(";", -1);
    String mt = parts[0].trim().toLowerCase(Locale.ROOT);
    if (mt.isEmpty()) throw new IllegalArgumentException("mime: no media type");
    int slash = mt.indexOf('/');
    if (slash <= 0 || !isToken(mt.substring(0, slash))) {
      throw new IllegalArgumentException("mime: expected slash after first token");
    }
    if (!isToken(mt.substring(slash + 1))) throw new IllegalArgumentException("mime: expected token after slash");
    for (int k = 1; k < parts.length; k++) {
      String p = parts[k].trim();
      if (p.isEmpty() && k == parts.length - 1) continue; // trailing semicolon
      int eq = p.indexOf('=');
      if (eq <= 0 || !isToken(p.substring(0, eq).trim())) throw new IllegalArgumentException("mime: invalid media parameter");
    }
    return mt;
  }

  private static boolean isToken(String s) {
    if (s.isEmpty()) return false;
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?=".indexOf(c) >= 0) return false;
    }
    return true;
  }
}
