package io.hearth.node.cli;

import io.hearth.node.rules.RuleCheck;
import io.hearth.node.rules.RuleUnitTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hearth rules test FILE...}: what {@code promtool test rules} does (named so as not to clash with the build's test). */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Work with rule files.",
    subcommands = {RulesCommand.Test.class})
public final class RulesCommand implements Runnable {
  @Override
  public void run() {
    System.err.println("hearth: error: expected a subcommand: test");
  }

  @Command(name = "test", mixinStandardHelpOptions = true, description = "Unit tests for rules.")
  static final class Test implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The unit test files.")
    List<Path> files;

    @Override
    public Integer call() {
      for (Path f : files) {
        if (!Files.exists(f)) {
          System.err.println("hearth: error: path '" + f + "' does not exist, try --help");
          return 1;
        }
      }
      RuleCheck.Outcome o = RuleUnitTest.run(files);
      System.out.print(o.stdout());
      System.out.flush();
      System.err.print(o.stderr());
      System.err.flush();
      return o.exitCode();
    }
  }
}
