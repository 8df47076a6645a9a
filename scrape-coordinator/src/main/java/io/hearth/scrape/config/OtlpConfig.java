package io.hearth.scrape.config;

import java.util.List;

/**
 * prometheus.yml's {@code otlp} section: how OTLP metrics pushed to {@code /api/v1/otlp/v1/metrics}
 * are named and labelled, with Prometheus 3's fields and defaults. Immutable.
 *
 * @param promoteResourceAttributes resource attributes copied onto every series of their resource
 *     (trimmed, unique, none empty)
 * @param promoteAllResourceAttributes promote every resource attribute but those in
 *     {@code ignoreResourceAttributes}
 * @param ignoreResourceAttributes with {@code promoteAllResourceAttributes}: the ones not promoted
 * @param translationStrategy how metric and label names are made Prometheus names
 * @param keepIdentifyingResourceAttributes keep {@code service.name}, {@code service.namespace} and
 *     {@code service.instance.id} on {@code target_info} besides {@code job} and {@code instance}
 * @param promoteScopeMetadata add {@code otel_scope_name}, {@code otel_scope_version},
 *     {@code otel_scope_schema_url} and {@code otel_scope_<attribute>} labels
 */
public record OtlpConfig(
    List<String> promoteResourceAttributes,
    boolean promoteAllResourceAttributes,
    List<String> ignoreResourceAttributes,
    TranslationStrategy translationStrategy,
    boolean keepIdentifyingResourceAttributes,
    boolean promoteScopeMetadata) {

  public static final OtlpConfig DEFAULT =
      new OtlpConfig(List.of(), false, List.of(), TranslationStrategy.UnderscoreEscapingWithSuffixes, false, false);

  public OtlpConfig {
    promoteResourceAttributes = List.copyOf(promoteResourceAttributes);
    ignoreResourceAttributes = List.copyOf(ignoreResourceAttributes);
  }

  /** {@code otlp.translation_strategy}, spelt as in prometheus.yml. */
  @SuppressWarnings("java:S115") // the constants are the configuration's own spelling
  public enum TranslationStrategy {
    /** Names escaped to {@code [a-zA-Z0-9_:]}, unit and type suffixes added (the default). */
    UnderscoreEscapingWithSuffixes(true, true),
    /** Names escaped to {@code [a-zA-Z0-9_:]}, no suffixes. */
    UnderscoreEscapingWithoutSuffixes(true, false),
    /** UTF-8 names kept as sent, unit and type suffixes added. */
    NoUTF8EscapingWithSuffixes(false, true),
    /** UTF-8 names kept as sent, no suffixes. */
    NoTranslation(false, false);

    private final boolean escaping;
    private final boolean suffixes;

    TranslationStrategy(boolean escaping, boolean suffixes) {
      this.escaping = escaping;
      this.suffixes = suffixes;
    }

    /** Whether names are escaped to the legacy character set. */
    public boolean escapes() {
      return escaping;
    }

    /** Whether unit, {@code _total} and {@code _ratio} suffixes are added. */
    public boolean addsSuffixes() {
      return suffixes;
    }
  }
}
