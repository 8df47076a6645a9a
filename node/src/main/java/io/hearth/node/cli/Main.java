package io.hearth.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code hearth} command: {@code run} starts a node; {@code check config|rules} validates a
 * configuration or rule files; {@code rules test} runs rule unit tests; {@code snapshot restore}
 * restores a stopped node from a snapshot; {@code cluster decommission} drains a node.
 */
@Command(name = "hearth", mixinStandardHelpOptions = true, version = "hearth " + Main.VERSION,
    description = "Hearth: a Prometheus-compatible, horizontally scaled time-series database on Apache Ignite.",
    subcommands = {RunCommand.class, CheckCommand.class, RulesCommand.class, SnapshotCommand.class, ClusterCommand.class})
public final class Main implements Runnable {
  public static final String VERSION = "0.1.0";

  public static void main(String[] args) {
    // Before anything touches java.util.logging: keep handlers through shutdown.
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", HearthLogManager.class.getName());
    }
    CommandLine cl = new CommandLine(new Main());
    // Bad flags: one line naming the flag, exit 2 (no usage dump).
    cl.setParameterExceptionHandler((ex, a) -> {
      ex.getCommandLine().getErr().println("hearth: error: " + ex.getMessage());
      return 2;
    });
    int code = cl.execute(args);
    if (code != 0 || !isRun(args)) System.exit(code);
  }

  private static boolean isRun(String[] args) {
    return args.length > 0 && args[0].equals("run");
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
