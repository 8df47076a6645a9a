package io.hearth.scrape.relabel;

import io.hearth.sharding.api.text.GoQuote;
import java.util.Locale;

/** A relabeling action, named as in Prometheus configuration (lower case). The enum only grows. */
public enum RelabelAction {
  REPLACE("replace"),
  KEEP("keep"),
  DROP("drop"),
  KEEPEQUAL("keepequal"),
  DROPEQUAL("dropequal"),
  HASHMOD("hashmod"),
  LABELMAP("labelmap"),
  LABELDROP("labeldrop"),
  LABELKEEP("labelkeep"),
  LOWERCASE("lowercase"),
  UPPERCASE("uppercase");

  private final String configName;

  RelabelAction(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  /**
   * Parses an action name case-insensitively, as Prometheus does.
   *
   * @throws RelabelConfigException {@code unknown relabel action "x"}
   */
  public static RelabelAction parse(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    for (RelabelAction a : values()) {
      if (a.configName.equals(lower)) return a;
    }
    throw new RelabelConfigException("unknown relabel action " + GoQuote.quote(s));
  }

  @Override
  public String toString() {
    return configName;
  }
}
