package io.hearth.scrape.gofmt;

import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.text.GoQuote;

/** Go's {@code labels.Labels.String()}: {@code {__name__="a", b="c"}}, values quoted as {@code %q}. */
public final class GoLabels {
  private GoLabels() {}

  public static String format(Labels l) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) sb.append(", ");
      sb.append(l.name(i)).append('=').append(GoQuote.quote(l.value(i)));
    }
    return sb.append('}').toString();
  }
}
