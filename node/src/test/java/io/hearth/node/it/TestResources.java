package io.hearth.node.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Text files under {@code src/test/resources/it/}, with {@code ${NAME}} placeholders filled in. */
final class TestResources {
  private TestResources() {}

  static String text(String name, Map<String, String> vars) {
    String path = "/it/" + name;
    try (InputStream in = TestResources.class.getResourceAsStream(path)) {
      if (in == null) throw new IllegalArgumentException("missing test resource " + path);
      String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (Map.Entry<String, String> v : vars.entrySet()) {
        s = s.replace("${" + v.getKey() + "}", v.getValue());
      }
      if (s.contains("${")) throw new IllegalArgumentException("unfilled placeholder in " + path + ": " + s);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
