package io.hearth.node.cli;

import io.hearth.scrape.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hearth check config|rules FILE...}: what {@code promtool check config|rules} does. */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Check resources for validity.",
    subcommands = {CheckCommand.Config.class, CheckCommand.Rules.class})
public final class CheckCommand implements Runnable {
  @Override
  public void run() {
    System.err.println("hearth: error: expected a subcommand: config or rules");
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

  @Command(name = "rules", mixinStandardHelpOptions = true, description = "Check if the rule files are valid or not.")
  static final class Rules implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The rule files to check.")
    List<Path> files;

    @picocli.CommandLine.Option(names = "--lint", defaultValue = "duplicate-rules",
        description = "Linting checks to apply: all, duplicate-rules, none.")
    String lint;

    @picocli.CommandLine.Option(names = "--lint-fatal", description = "Make lint errors exit with exit code 3.")
    boolean lintFatal;

    @Override
    public Integer call() {
      boolean duplicates = false;
      for (String l : lint.split(",")) {
        switch (l) {
          case "all", "duplicate-rules" -> duplicates = true;
          case "none" -> duplicates = false;
          default -> {
            System.err.println("hearth: error: invalid value \"" + l + "\" for flag --lint: expected all, duplicate-rules or none");
            return 2;
          }
        }
      }
      io.hearth.node.rules.RuleCheck.Outcome o = io.hearth.node.rules.RuleCheck.run(files, duplicates, lintFatal);
      System.out.print(o.stdout());
      System.out.flush();
      System.err.print(o.stderr());
      System.err.flush();
      return o.exitCode();
    }
  }
}
