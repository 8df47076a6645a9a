package io.hearth.node.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one way tests start Hearth as its own JVM process: {@code java -Xmx.. <the launcher's
 * collector> <the root pom's ignite.jvm.opens> [options] -cp CLASSPATH io.hearth.node.cli.Main
 * ARGS}. The classpath is this test JVM's unless another is given (a copy of it, or the node jar
 * of another build such as the previous release). Used by {@link HearthProcess} (node tests such as
 * kill -9 durability), the chaos tests' cluster nodes and their one-shot {@code hearth} commands.
 * Not thread-safe; each start is a new process.
 */
public final class JvmLauncher {
  public static final String MAIN = "io.hearth.node.cli.Main";
  static final String COLLECTOR = "-XX:+UseParallelGC";

  private String heap = "512m";
  private final List<String> jvmOptions = new ArrayList<>();
  private String classPath = System.getProperty("java.class.path");
  private final List<String> args = new ArrayList<>();

  private JvmLauncher() {}

  /** A launcher of {@code io.hearth.node.cli.Main} with this test JVM's classpath and a 512 MiB heap. */
  public static JvmLauncher hearth() {
    return new JvmLauncher();
  }

  /** The {@code -Xmx} value, e.g. {@code 384m}. */
  public JvmLauncher heap(String xmx) {
    this.heap = xmx;
    return this;
  }

  /** JVM options after the Ignite ones (e.g. {@code -XX:+ExitOnOutOfMemoryError}). */
  public JvmLauncher jvmOptions(String... options) {
    jvmOptions.addAll(Arrays.asList(options));
    return this;
  }

  /** Another classpath: a copy of this JVM's, or a shaded node jar of another build. */
  public JvmLauncher classPath(String cp) {
    this.classPath = cp;
    return this;
  }

  public JvmLauncher classPath(Path jar) {
    return classPath(jar.toString());
  }

  /** The command and its flags, e.g. {@code run --web.listen-address=...}. */
  public JvmLauncher args(String... a) {
    args.addAll(Arrays.asList(a));
    return this;
  }

  public JvmLauncher args(List<String> a) {
    args.addAll(a);
    return this;
  }

  public List<String> command() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    // The collector ./hearth and the image run (MemoryDefaultsTest checks that they agree), so
    // that the processes of durability and chaos tests pause and size their heap as users' nodes do.
    cmd.add(COLLECTOR);
    cmd.addAll(IgniteJvmOptions.get());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(classPath);
    cmd.add(MAIN);
    cmd.addAll(args);
    return cmd;
  }

  /** Starts the process with stdout and stderr written to {@code log} (replaced). */
  public Process start(Path log) throws IOException {
    return new ProcessBuilder(command()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Starts the process with stdout and stderr together on its input stream. */
  public Process start() throws IOException {
    return new ProcessBuilder(command()).redirectErrorStream(true).start();
  }
}
