package io.hearth.promql.promqltest;

import io.hearth.promql.engine.QueryEngine;
import io.hearth.promql.notation.SequenceValue;
import io.hearth.promql.promqltest.Failure.Category;
import io.hearth.sharding.api.AppendStatus;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Executes scripts in file order against a {@link ScriptStore} (by default one engine over Hearth's
 * real head, {@link ScriptStore#singleHead}): {@code load} appends through the store's appender,
 * {@code clear} starts a fresh store, {@code eval} goes to {@link EvalExecutor}. As upstream, a
 * failing eval does not stop the file, a script error or failing load does (the evals it did not
 * reach fail with that reason). Each eval gets a time budget, so that one runaway query cannot
 * stall the suite.
 */
final class ScriptRunner implements AutoCloseable {
  /** An eval header line, for counting the evals of a file that does not parse. */
  private static final Pattern EVAL_LINE = Pattern.compile("^\\s*eval(_\\w+)?\\s.*");
  static final String START_TIMESTAMPS = "unsupported: start timestamps";

  private final Supplier<ScriptStore> stores;
  private final long evalBudgetMs;
  private ExecutorService worker = newWorker();

  ScriptRunner(QueryEngine engine, long evalBudgetMs) {
    this(() -> ScriptStore.singleHead(engine), evalBudgetMs);
  }

  ScriptRunner(Supplier<ScriptStore> stores, long evalBudgetMs) {
    this.stores = stores;
    this.evalBudgetMs = evalBudgetMs;
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "promqltest-eval");
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs one file; one outcome per eval command, in file order. */
  List<EvalOutcome> run(String name, String text) {
    TestScript script;
    try {
      script = ScriptParser.parse(name, text);
    } catch (ScriptException e) {
      return abortedUnparsed(name, text, e);
    }
    List<EvalOutcome> out = new ArrayList<>();
    if (!script.startTimestampLines().isEmpty()) {
      for (EvalCommand e : script.evals()) out.add(EvalOutcome.skip(name, e.line, e.query, START_TIMESTAMPS));
      return out;
    }
    ScriptStore store = stores.get();
    List<Command> commands = script.commands();
    for (int i = 0; i < commands.size(); i++) {
      Command c = commands.get(i);
      if (c instanceof Command.Clear) {
        store.close();
        store = stores.get();
      } else if (c instanceof Command.Load) {
        String error = load(store.appender(), (Command.Load) c);
        if (error != null) {
          Failure f = Failure.of(Category.LOAD_FAILED, "load at line " + c.line() + " failed: " + error);
          for (int k = i + 1; k < commands.size(); k++) {
            if (commands.get(k) instanceof EvalCommand) {
              EvalCommand e = (EvalCommand) commands.get(k);
              out.add(EvalOutcome.fail(name, e.line, e.query, f));
            }
          }
          break;
        }
      } else {
        EvalCommand e = (EvalCommand) c;
        Failure f = runWithBudget(new EvalExecutor(store.engine(), store.storage()), e);
        out.add(f == null ? EvalOutcome.pass(name, e) : EvalOutcome.fail(name, e.line, e.query, f));
      }
    }
    store.close();
    return out;
  }

  private Failure runWithBudget(EvalExecutor ex, EvalCommand e) {
    Future<Failure> f = worker.submit(() -> ex.run(e));
    try {
      return f.get(evalBudgetMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException te) {
      f.cancel(true);
      worker.shutdownNow(); // the stuck thread is abandoned (a daemon); later evals get a fresh one
      worker = newWorker();
      return Failure.of(Category.TIMEOUT, "eval did not finish within " + evalBudgetMs + " ms");
    } catch (ExecutionException ee) {
      Throwable c = ee.getCause();
      return Failure.of(Category.ENGINE_CRASH, c.getClass().getSimpleName(), "runner failed: " + c);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", ie);
    }
  }

  /** Appends a load's samples in one commit; returns the reason it failed, or null. */
  static String load(Appender a, Command.Load load) {
    String refused;
    try {
      refused = stage(a, load);
    } catch (RuntimeException e) {
      a.rollback();
      return e.toString();
    }
    if (refused != null) {
      a.rollback();
      return refused;
    }
    try {
      a.commit();
      return null;
    } catch (RuntimeException e) {
      return "commit failed: " + e;
    }
  }

  private static String stage(Appender a, Command.Load load) {
    for (Map.Entry<Labels, List<SequenceValue>> e : load.series().entrySet()) {
      int ref = a.series(e.getKey());
      List<SequenceValue> values = e.getValue();
      for (int k = 0; k < values.size(); k++) {
        SequenceValue v = values.get(k);
        if (v.omitted()) continue;
        long t = k * load.intervalMs();
        AppendStatus s = v.isHistogram() ? a.appendHistogram(ref, t, v.histogram()) : a.append(ref, t, v.value());
        if (!s.accepted()) return s + " appending " + e.getKey() + " at t=" + t + "ms";
      }
    }
    if (!load.withNhcb()) return null;
    Labels last = null;
    int ref = -1;
    for (NhcbConversion.Sample s : NhcbConversion.convert(load.series(), load.intervalMs())) {
      if (!s.labels().equals(last)) {
        ref = a.series(s.labels());
        last = s.labels();
      }
      AppendStatus st = a.appendHistogram(ref, s.t(), s.histogram());
      if (!st.accepted()) return st + " appending " + s.labels() + " at t=" + s.t() + "ms";
    }
    return null;
  }

  /** Every eval of a file that does not parse fails with the script error. */
  private static List<EvalOutcome> abortedUnparsed(String name, String text, ScriptException e) {
    List<EvalOutcome> out = new ArrayList<>();
    Failure f = Failure.of(Category.SCRIPT_ERROR, e.getMessage());
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (EVAL_LINE.matcher(lines[i]).matches()) out.add(EvalOutcome.fail(name, i + 1, lines[i].strip(), f));
    }
    return out;
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
