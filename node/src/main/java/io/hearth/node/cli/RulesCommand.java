package io.hearth.node.cli;

import io.hearth.node.rules.RuleCheck;
import io.hearth.node.rules.RuleUnitTest;
import io.hearth.sharding.head.Head;
import io.hearth.sharding.head.HeadOptions;
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

  /** A fresh in-memory head: what each test group runs against. */
  public static RuleUnitTest.Storage inMemoryHead() {
    Head head = Head.inMemory(HeadOptions.defaults());
    return new RuleUnitTest.Storage(head, head, head::close);
  }

  @Command(name = "test", mixinStandardHelpOptions = true, description = "Unit tests for rules.")
  public static final class Test implements Callable<Integer> {
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
      RuleCheck.Outcome o = RuleUnitTest.run(files, RulesCommand::inMemoryHead);
      System.out.print(o.stdout());
      System.out.flush();
      System.err.print(o.stderr());
      System.err.flush();
      return o.exitCode();
    }
  }
}
