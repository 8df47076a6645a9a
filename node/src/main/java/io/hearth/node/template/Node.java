package io.hearth.node.template;

import java.util.List;

/** The parse tree of a template: text, actions and control structures, as Go's {@code parse} package. */
sealed interface Node {
  record Text(String text) implements Node {}

  /** {@code {{pipeline}}}: prints the pipeline's value unless it declares variables. */
  record Action(int pos, int line, Pipe pipe) implements Node {}

  enum Control { IF, WITH, RANGE }

  /** {@code if}, {@code with} or {@code range} with its body and optional {@code else} body. */
  record Branch(Control kind, int pos, int line, Pipe pipe, List<Node> list, List<Node> elseList) implements Node {}

  record Break(int pos, int line) implements Node {}

  record Continue(int pos, int line) implements Node {}

  /** A pipeline: optional variable declarations or assignment, then commands joined by {@code |}. */
  record Pipe(int pos, int line, boolean isAssign, List<String> decls, List<Cmd> cmds) {}

  /** One command: a function or value with its arguments; {@code text} is its source for errors. */
  record Cmd(int pos, int line, List<Arg> args, String text) {}

  sealed interface Arg {}

  /** {@code .A.B}: fields of dot. */
  record Field(List<String> idents) implements Arg {}

  /** {@code $x.A}: a variable and optional fields. */
  record Var(String name, List<String> fields) implements Arg {}

  record Dot() implements Arg {}

  record Str(String value) implements Arg {}

  /** A number constant: {@code Long} for integers, {@code Double} otherwise. */
  record Num(Object value) implements Arg {}

  record Bool(boolean value) implements Arg {}

  record Nil() implements Arg {}

  /** A function name. */
  record Ident(String name) implements Arg {}

  /** {@code (pipeline).A.B} or a pipeline in parentheses. */
  record Chain(Arg base, List<String> fields) implements Arg {}

  record Paren(Pipe pipe) implements Arg {}
}
