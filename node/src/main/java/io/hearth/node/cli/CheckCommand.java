package io.hearth.node.cli;

import io.hearth.scrape.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hearth check config FILE...}: what {@code promtool check config} does. */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Check resources for validity.",
    subcommands = {CheckCommand.Config.class})
public final class CheckCommand implements Runnable {
  @Override
  public void run() {
    System.err.println("hearth: error: expected a subcommand: config");
  }

  @Command(name = "config", mixinStandardHelpOptions = true, description = "Check if the config files are valid or not.")
  static final class Config implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Configuration files to check.")
    List<Path> files;

    @Override
    public Integer call() {
      ConfigLoader.CheckResult r = ConfigLoader.validate(files.toArray(new Path[0]));
      System.out.print(r.text());
      return r.valid() ? 0 : 1;
    }
  }
}
