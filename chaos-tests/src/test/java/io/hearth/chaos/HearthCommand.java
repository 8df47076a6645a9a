package io.hearth.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@code hearth} command other than {@code run} (e.g. {@code snapshot restore}, {@code
 * cluster decommission}) as its own process with the nodes' classpath, and returns its exit status
 * and output (stdout and stderr together).
 */
final class HearthCommand {
  record Result(int exitCode, String output, double seconds) {}

  private HearthCommand() {}

  static Result run(Duration max, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx128m");
    cmd.addAll(ClusterNodeProcess.jvmOpens());
    cmd.add("-cp");
    cmd.add(ClusterNodeProcess.classPath());
    cmd.add("io.hearth.node.cli.Main");
    cmd.addAll(List.of(args));
    long t = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
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
