package io.hearth.node.template;

/**
 * A template that does not parse or fails while executing. The message is Go's, e.g.
 * {@code template: __alert_Foo:1: function "nosuch" not defined}.
 */
public final class TemplateException extends Exception {
  public TemplateException(String message) {
    super(message);
  }
}
