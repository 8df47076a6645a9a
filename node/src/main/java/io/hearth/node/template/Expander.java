package io.hearth.node.template;

import java.util.Map;

/**
 * Expands one alert label or annotation as Prometheus does: the text runs after the definitions
 * {@code $labels}, {@code $externalLabels}, {@code $externalURL} and {@code $value}, in a template
 * named {@code __alert_<name>}. Stateless.
 */
public final class Expander {
  private static final String DEFS = "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}"
      + "{{$externalURL := .ExternalURL}}{{$value := .Value}}";

  private Expander() {}

  /** The template data of an alert ({@code .Labels}, {@code .ExternalLabels}, {@code .ExternalURL}, {@code .Value}). */
  public record AlertData(Map<String, String> labels, Map<String, String> externalLabels, String externalUrl, double value)
      implements TemplateStruct {
    @Override
    public Object field(String name) {
      switch (name) {
        case "Labels": return labels;
        case "ExternalLabels": return externalLabels;
        case "ExternalURL": return externalUrl;
        case "Value": return value;
        default: return MISSING;
      }
    }

    @Override
    public String goType() {
      return "template.tmplData";
    }
  }

  /** Parses an alert template as {@code promtool check rules} does; the error is Go's parse error. */
  public static Template parseAlert(String alertName, String text, Functions funcs) throws TemplateException {
    return Template.parse("__alert_" + alertName, DEFS + text, funcs);
  }

  /**
   * Expands {@code text}; on failure returns Prometheus's {@code <error expanding template: ...>}
   * text, as an alert carries it.
   */
  public static String expandAlert(String alertName, String text, AlertData data, Functions funcs) {
    try {
      return parseAlert(alertName, text, funcs).execute(data);
    } catch (TemplateException e) {
      return "<error expanding template: " + e.getMessage() + ">";
    }
  }
}
