package io.hearth.promql.ast;

import java.util.List;

/**
 * A PromQL function's signature.
 *
 * @param argTypes the declared argument types; with {@code variadic != 0} the last one repeats
 * @param variadic 0 for exactly {@code argTypes.size()} arguments; {@code n > 0} for up to {@code
 *     n} optional trailing arguments (the last declared type may be omitted); -1 for unlimited
 * @param experimental whether Prometheus gates it behind {@code --enable-feature=promql-experimental-functions}
 */
public record Function(
    String name, List<ValueType> argTypes, int variadic, ValueType returnType, boolean experimental) {
  public Function {
    argTypes = List.copyOf(argTypes);
  }

  /** The fewest arguments a call may have. */
  public int minArgs() {
    return variadic == 0 ? argTypes.size() : argTypes.size() - 1;
  }

  /** The most arguments a call may have, or {@link Integer#MAX_VALUE}. */
  public int maxArgs() {
    if (variadic < 0) {
      return Integer.MAX_VALUE;
    }
    return variadic == 0 ? argTypes.size() : argTypes.size() - 1 + variadic;
  }

  /** The expected type of argument {@code i} (repeating the last declared type). */
  public ValueType argType(int i) {
    return i < argTypes.size() ? argTypes.get(i) : argTypes.get(argTypes.size() - 1);
  }
}
