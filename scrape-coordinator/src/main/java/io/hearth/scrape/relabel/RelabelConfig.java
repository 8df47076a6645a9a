package io.hearth.scrape.relabel;

import io.hearth.sharding.api.text.GoQuote;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One relabeling rule, with Prometheus's defaults: action {@code replace}, separator {@code ;},
 * regex {@code (.*)}, replacement {@code $1}, modulus 0. Immutable; build with {@link #builder()}
 * and check with {@link #validate()} (the config loader does both).
 *
 * @param sourceLabels label names whose values are joined with the separator; null when not set
 *     (distinguished from an empty list, as Prometheus does for {@code labeldrop}/{@code labelkeep})
 * @param modulus an unsigned 64-bit modulus for {@code hashmod}
 * @param nameValidation how target label names are checked, as the scrape config says
 */
public record RelabelConfig(
    List<String> sourceLabels,
    String separator,
    RelabelRegex regex,
    long modulus,
    String targetLabel,
    String replacement,
    RelabelAction action,
    NameValidationScheme nameValidation) {

  public static final String DEFAULT_SEPARATOR = ";";
  public static final String DEFAULT_REPLACEMENT = "$1";

  /** Prometheus's relabelTarget for the legacy scheme: label-name characters and $vars. */
  private static final Pattern LEGACY_TARGET =
      Pattern.compile("^(?:(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w+))+\\w*)+$");

  public RelabelConfig {
    sourceLabels = sourceLabels == null ? null : List.copyOf(sourceLabels);
    if (separator == null) separator = DEFAULT_SEPARATOR;
    if (regex == null) regex = RelabelRegex.DEFAULT;
    if (targetLabel == null) targetLabel = "";
    if (replacement == null) replacement = DEFAULT_REPLACEMENT;
    if (action == null) action = RelabelAction.REPLACE;
    if (nameValidation == null) nameValidation = NameValidationScheme.UTF8;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The source labels, empty when not set. */
  public List<String> sourceLabelsOrEmpty() {
    return sourceLabels == null ? List.of() : sourceLabels;
  }

  /**
   * Checks the rule as Prometheus's {@code relabel.Config.Validate} does, with its messages.
   *
   * @return this
   * @throws RelabelConfigException naming the field and the rule
   */
  public RelabelConfig validate() {
    RelabelAction a = action;
    if (modulus == 0 && a == RelabelAction.HASHMOD) {
      throw new RelabelConfigException("relabel configuration for hashmod requires non-zero modulus");
    }
    boolean needsTarget = a == RelabelAction.REPLACE || a == RelabelAction.HASHMOD || a == RelabelAction.LOWERCASE
        || a == RelabelAction.UPPERCASE || a == RelabelAction.KEEPEQUAL || a == RelabelAction.DROPEQUAL;
    if (needsTarget && targetLabel.isEmpty()) {
      throw new RelabelConfigException("relabel configuration for " + a + " action requires 'target_label' value");
    }
    if (a == RelabelAction.REPLACE && !targetLabel.contains("$") && !nameValidation.isValidLabelName(targetLabel)) {
      throw invalidTarget();
    }
    if (a == RelabelAction.REPLACE && targetLabel.contains("$") && !isValidNameWithVars(targetLabel)) {
      throw invalidTarget();
    }
    boolean caseOrEqual = a == RelabelAction.LOWERCASE || a == RelabelAction.UPPERCASE
        || a == RelabelAction.KEEPEQUAL || a == RelabelAction.DROPEQUAL;
    if (caseOrEqual && !nameValidation.isValidLabelName(targetLabel)) {
      throw invalidTarget();
    }
    if (caseOrEqual && !replacement.equals(DEFAULT_REPLACEMENT)) {
      throw new RelabelConfigException("'replacement' can not be set for " + a + " action");
    }
    if (a == RelabelAction.LABELMAP && !isValidNameWithVars(replacement)) {
      throw new RelabelConfigException(GoQuote.quote(replacement) + " is invalid 'replacement' for " + a + " action");
    }
    if (a == RelabelAction.HASHMOD && !nameValidation.isValidLabelName(targetLabel)) {
      throw invalidTarget();
    }
    if (a == RelabelAction.DROPEQUAL || a == RelabelAction.KEEPEQUAL) {
      if (regex != RelabelRegex.DEFAULT || modulus != 0 || !separator.equals(DEFAULT_SEPARATOR)
          || !replacement.equals(DEFAULT_REPLACEMENT)) {
        throw new RelabelConfigException(a + " action requires only 'source_labels' and `target_label`, and no other fields");
      }
    }
    if (a == RelabelAction.LABELDROP || a == RelabelAction.LABELKEEP) {
      if (sourceLabels != null || !targetLabel.isEmpty() || modulus != 0
          || !separator.equals(DEFAULT_SEPARATOR) || !replacement.equals(DEFAULT_REPLACEMENT)) {
        throw new RelabelConfigException(a + " action requires only 'regex', and no other fields");
      }
    }
    return this;
  }

  private RelabelConfigException invalidTarget() {
    return new RelabelConfigException(GoQuote.quote(targetLabel) + " is invalid 'target_label' for " + action + " action");
  }

  private boolean isValidNameWithVars(String s) {
    if (nameValidation == NameValidationScheme.UTF8) return nameValidation.isValidLabelName(s);
    return LEGACY_TARGET.matcher(s).matches();
  }

  /** A mutable builder with Prometheus's defaults. Not thread-safe. */
  public static final class Builder {
    private List<String> sourceLabels;
    private String separator = DEFAULT_SEPARATOR;
    private RelabelRegex regex = RelabelRegex.DEFAULT;
    private long modulus;
    private String targetLabel = "";
    private String replacement = DEFAULT_REPLACEMENT;
    private RelabelAction action = RelabelAction.REPLACE;
    private NameValidationScheme nameValidation = NameValidationScheme.UTF8;

    public Builder sourceLabels(String... names) {
      this.sourceLabels = List.of(names);
      return this;
    }

    public Builder sourceLabels(List<String> names) {
      this.sourceLabels = names;
      return this;
    }

    public Builder separator(String separator) {
      this.separator = separator;
      return this;
    }

    /** Compiles and sets the regex; an explicit regex differs from the default even if equal in text. */
    public Builder regex(String regex) {
      this.regex = RelabelRegex.compile(regex);
      return this;
    }

    public Builder regex(RelabelRegex regex) {
      this.regex = regex;
      return this;
    }

    public Builder modulus(long modulus) {
      this.modulus = modulus;
      return this;
    }

    public Builder targetLabel(String targetLabel) {
      this.targetLabel = targetLabel;
      return this;
    }

    public Builder replacement(String replacement) {
      this.replacement = replacement;
      return this;
    }

    public Builder action(RelabelAction action) {
      this.action = action;
      return this;
    }

    public Builder action(String action) {
      this.action = RelabelAction.parse(action);
      return this;
    }

    public Builder nameValidation(NameValidationScheme scheme) {
      this.nameValidation = scheme;
      return this;
    }

    /** Builds without validating. */
    public RelabelConfig build() {
      return new RelabelConfig(sourceLabels, separator, regex, modulus, targetLabel, replacement, action, nameValidation);
    }

    /** Builds and validates. */
    public RelabelConfig buildValid() {
      return build().validate();
    }
  }
}
