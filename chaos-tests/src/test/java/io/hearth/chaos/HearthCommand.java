package io.hearth.chaos;

import io.hearth.node.process.JvmLauncher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@code hearth} command other than {@code run} (e.g. {@code snapshot restore}, {@code
 * cluster decommission}) as its own process with the nodes' classpath ({@link JvmLauncher}), and returns its exit status
 * and output (stdout and stderr together).
 */
final class HearthCommand {
  record Result(int exitCode, String output, double seconds) {}

  private HearthCommand() {}

  static Result run(Duration max, String... args) throws IOException, InterruptedException {
    long t = System.nanoTime();
    Process p = JvmLauncher.hearth().heap("128m").classPath(ClusterNodeProcess.classPath()).args(args).start();
    StringBuilder out = new StringBuilder();
    Thread reader = new Thread(() -> {
      try {
        out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        out.append("(output unreadable: ").append(e).append(')');
      }
    });
    reader.start();
    if (!p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      p.waitFor();
      reader.join(5000);
      throw new AssertionError("hearth " + String.join(" ", args) + " did not finish within " + max.toSeconds() + " s; output:\n" + out);
    }
    reader.join(5000);
    String text = out.toString();
    System.out.println("hearth " + String.join(" ", args) + " -> " + p.exitValue() + "\n" + text);
    return new Result(p.exitValue(), text, (System.nanoTime() - t) / 1e9);
  }
}
