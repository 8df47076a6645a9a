package io.hearth.node.it;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared reference material ({@code shared/} beside the repository), resolved from the module
 * directory the tests run in ({@code node/}, {@code chaos-tests/}), one level below the repository.
 */
public final class SharedFiles {
  private SharedFiles() {}

  /**
   * The directory {@code shared/<sub>}. Missing, it fails the calling test under CI (where {@code
   * shared/} is always beside the clone) and elsewhere skips it with one line saying what is missing,
   * as the PromQL conformance runner does for its scripts.
   */
  public static Path require(String sub) {
    Path dir = Path.of("").toAbsolutePath().resolve("../../shared").resolve(sub).normalize();
    if (!Files.isDirectory(dir)) {
      String why = dir + " not found (clone shared/ beside the repository)";
      if (System.getenv("CI") != null) Assertions.fail(why);
      Assumptions.abort(why);
    }
    return dir;
  }
}
