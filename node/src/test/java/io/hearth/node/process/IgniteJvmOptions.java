package io.hearth.node.process;

import java.util.Arrays;
import java.util.List;

/**
 * The JVM options a node process needs for Ignite on Java 17 (the {@code --add-opens} list and
 * Ignite's system properties), for every test that starts {@code hearth} as its own process. The
 * list is written once, as {@code ignite.jvm.opens} in the root pom, which also gives it to the test
 * JVMs and passes it to them as {@code hearth.test.jvm.opens}; the launcher script and the image
 * carry the same list, checked against the pom by {@code DockerImageTest}.
 */
public final class IgniteJvmOptions {
  public static final String PROPERTY = "hearth.test.jvm.opens";

  private IgniteJvmOptions() {}

  /** The options, in the pom's order; fails when the test JVM was not started by Maven with the property. */
  public static List<String> get() {
    String s = System.getProperty(PROPERTY, "").trim();
    if (s.isEmpty() || s.startsWith("${")) {
      throw new IllegalStateException("system property " + PROPERTY + " is not set: run the tests through Maven, or pass the root"
          + " pom's ignite.jvm.opens as -D" + PROPERTY + "=...");
    }
    return Arrays.asList(s.split("\\s+"));
  }
}
