package io.hearth.promql.ast;

import java.util.List;

/** A function call; {@code args} have been type-checked against {@link Function#argTypes()}. */
public record Call(Function function, List<Expr> args, PosRange posRange) implements Expr {
  public Call {
    args = List.copyOf(args);
  }

  @Override
  public ValueType type() {
    return function.returnType();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(function.name()).append('(');
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(args.get(i));
    }
    return b.append(')').toString();
  }
}
