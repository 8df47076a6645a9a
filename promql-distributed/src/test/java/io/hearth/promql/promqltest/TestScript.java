package io.hearth.promql.promqltest;

import java.util.List;

/**
 * A parsed script: its commands in file order.
 *
 * @param startTimestampLines lines giving start timestamps ({@code metric@st ...}), which Hearth's
 *     storage cannot hold; non-empty means the file's evals are skipped
 */
record TestScript(String name, List<Command> commands, List<Integer> startTimestampLines) {
  List<EvalCommand> evals() {
    return commands.stream().filter(c -> c instanceof EvalCommand).map(c -> (EvalCommand) c).toList();
  }
}
