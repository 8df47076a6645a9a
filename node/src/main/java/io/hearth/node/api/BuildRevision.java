package io.hearth.node.api;

import java.io.InputStream;
import java.util.Properties;

/** The git revision the build was made from, from {@code hearth-build.properties} (written by the build). */
final class BuildRevision {
  private static final String REVISION = load();

  private BuildRevision() {}

  static String get() {
    return REVISION;
  }

  private static String load() {
    try (InputStream in = BuildRevision.class.getResourceAsStream("/hearth-build.properties")) {
      if (in == null) return "unknown";
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("revision", "unknown");
    } catch (Exception e) {
      return "unknown";
    }
  }
}
