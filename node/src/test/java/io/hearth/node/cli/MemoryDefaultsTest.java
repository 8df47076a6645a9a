package io.hearth.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.node.NodeConfig;
import io.hearth.node.process.JvmLauncher;
import io.hearth.sharding.ignite.IgniteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Memory and WAL sizes left at {@code auto} follow the memory the node may use (the container
 * limit, else the host) and its data, instead of fixed figures a small pod cannot hold.
 */
class MemoryDefaultsTest {
  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;

  private static NodeConfig config(String... args) {
    RunCommand cmd = new RunCommand();
    new CommandLine(cmd).parseArgs(args);
    return cmd.toConfig();
  }

  @Test
  void pageMemoryIsASixteenthOfTheAvailableMemoryBetween64MiBAnd4GiB() {
    assertEquals(64 * MIB, MemoryPlan.regionBytes(512 * MIB), "a 512 MiB pod");
    assertEquals(128 * MIB, MemoryPlan.regionBytes(2 * GIB), "a 2 GiB pod");
    assertEquals(512 * MIB, MemoryPlan.regionBytes(8 * GIB), "an 8 GiB pod");
    assertEquals(4 * GIB, MemoryPlan.regionBytes(256 * GIB), "a large host");
  }

  @Test
  void autoRegionFollowsThisMachinesMemoryAndAnExplicitSizeWins() throws IOException {
    long hostBytes = 0;
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) hostBytes = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
    }
    long available = MemoryPlan.availableBytes();
    assertTrue(available > 0 && available <= hostBytes, "available " + available + " within the host's " + hostBytes);
    assertEquals(MemoryPlan.regionBytes(available), config().regionBytes());
    assertEquals(MemoryPlan.regionBytes(available), config("--storage.ignite.region-size=auto").regionBytes());
    assertEquals(96 * MIB, config("--storage.ignite.region-size=96MB").regionBytes());
    assertEquals("auto", config().flags().get("memory.heap"));
  }

  @Test
  void tooSmallSizesAreRefusedNamingTheFlag() {
    IllegalArgumentException region = assertThrows(IllegalArgumentException.class, () -> config("--storage.ignite.region-size=1MB"));
    assertEquals("invalid value \"1MB\" for flag --storage.ignite.region-size: at least 16MB (or auto)", region.getMessage());
    IllegalArgumentException wal = assertThrows(IllegalArgumentException.class, () -> config("--storage.ignite.wal-archive-size=1MB"));
    assertEquals("invalid value \"1MB\" for flag --storage.ignite.wal-archive-size: at least 16MB (or auto)", wal.getMessage());
    assertThrows(IllegalArgumentException.class, () -> config("--memory.heap=lots"));
  }

  @Test
  void walArchiveIsATenthOfTheDataBetween32MiBAnd4GiBUnlessSet() {
    assertEquals(32 * MIB, IgniteStore.autoWalArchiveBytes(0), "an empty node");
    assertEquals(32 * MIB, IgniteStore.autoWalArchiveBytes(100 * MIB), "a small node keeps the floor");
    assertEquals(400 * MIB, IgniteStore.autoWalArchiveBytes(4000 * MIB));
    assertEquals(4 * GIB, IgniteStore.autoWalArchiveBytes(100 * GIB));
    assertEquals(0, config().walArchiveBytes(), "auto: sized by the store at start");
    assertEquals(256 * MIB, config("--storage.ignite.wal-archive-size=256MB").walArchiveBytes());
  }

  /** The JVM the launcher starts: the heap from the memory limit by default, -Xmx when given. */
  @Test
  void theLauncherLeavesTheHeapToTheJvmsContainerAwareShareUnlessGiven(@TempDir Path tmp) throws Exception {
    assertTrue(launcherJavaArgs(tmp, "run").contains("-XX:MaxRAMPercentage=25.0"));
    assertTrue(launcherJavaArgs(tmp, "run").stream().noneMatch(a -> a.startsWith("-Xmx")));
    List<String> given = launcherJavaArgs(tmp, "run", "--memory.heap=3GB");
    assertTrue(given.contains("-Xmx3g"), given.toString());
    assertTrue(given.stream().noneMatch(a -> a.startsWith("-XX:MaxRAMPercentage")), given.toString());
  }

  /**
   * The launcher's JVM options start a real JVM on the Parallel collector, and the switch to G1 that
   * OPERATIONS.md gives (through {@code HEARTH_JAVA_OPTS}) starts one on G1 instead of being refused
   * as two collectors. The node processes tests start ({@link JvmLauncher}) run the same collector.
   */
  @Test
  void theLauncherRunsTheParallelCollectorAndHearthJavaOptsSwitchesItToG1(@TempDir Path tmp) throws Exception {
    assertEquals(List.of("UseParallelGC"), collectorsOf(launcherJavaArgs(tmp, Map.of(), "run")));
    assertEquals(List.of("UseParallelGC"), collectorsOf(JvmLauncher.hearth().command()), "the tests' own node processes");
    assertEquals(List.of("UseG1GC"),
        collectorsOf(launcherJavaArgs(tmp, Map.of("HEARTH_JAVA_OPTS", "-XX:-UseParallelGC -XX:+UseG1GC"), "run")));
  }

  /** The collectors a real JVM started with the launcher's -X options (up to -jar) has on. */
  private static List<String> collectorsOf(List<String> launcherArgs) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (String a : launcherArgs) {
      if (a.equals("-jar")) break;
      if (a.startsWith("-X")) cmd.add(a);
    }
    assertTrue(cmd.size() >= 3, "no -X options in " + launcherArgs);
    cmd.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), cmd + "\n" + out);
    List<String> on = new ArrayList<>();
    Matcher m = Pattern.compile("bool (Use(?:Serial|Parallel|G1|Z|Shenandoah|Epsilon)GC)\\s+= true").matcher(out);
    while (m.find()) on.add(m.group(1));
    return on;
  }

  private static List<String> launcherJavaArgs(Path tmp, String... args) throws Exception {
    return launcherJavaArgs(tmp, Map.of(), args);
  }

  /** Runs ./hearth with a fake {@code java} first on PATH that prints its arguments. */
  private static List<String> launcherJavaArgs(Path tmp, Map<String, String> env, String... args) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/usr/bin/env bash\nfor a in \"$@\"; do echo \"$a\"; done\n");
    java.toFile().setExecutable(true);
    Path jar = Files.writeString(tmp.resolve("hearth.jar"), "");
    List<String> cmd = new ArrayList<>(List.of("bash", Path.of("..", "hearth").toAbsolutePath().normalize().toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("HEARTH_JAR", jar.toString());
    pb.environment().put("HEARTH_NO_BUILD", "1");
    pb.environment().put("HEARTH_JVM_OPTIONS", Path.of("target", "hearth-jvm.options").toAbsolutePath().toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return List.of(out.split("\n"));
  }
}
