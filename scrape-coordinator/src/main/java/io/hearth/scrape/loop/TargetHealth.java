package io.hearth.scrape.loop;

/** A target's health after its last scrape, named as the targets API reports it. */
public enum TargetHealth {
  UNKNOWN("unknown"),
  UP("up"),
  DOWN("down");

  private final String text;

  TargetHealth(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }
}
