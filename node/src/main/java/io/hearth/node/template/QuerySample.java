package io.hearth.node.template;

import java.util.Map;

/** One element of a {@code query} result as templates see it ({@code .Labels}, {@code .Value}). */
public record QuerySample(Map<String, String> labels, double value) implements TemplateStruct {
  @Override
  public Object field(String name) {
    switch (name) {
      case "Labels": return labels;
      case "Value": return value;
      default: return MISSING;
    }
  }

  @Override
  public String goType() {
    return "*template.sample";
  }
}
