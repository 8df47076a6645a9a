package io.hearth.sharding.api;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * For tests of appender wrappers: an {@link Appender} (a reflective proxy, so default methods are
 * recorded too rather than run) that records every call by name and arguments and answers each with
 * a value no default method answers ({@link #answer}). With {@link #call} and {@link #arguments} a
 * test can go over every method of the interface without naming them.
 */
public final class RecordingAppender {
  /** One call: the method's name and its arguments. */
  public record Call(String method, List<Object> args) {}

  private final List<Call> calls = new ArrayList<>();
  private final Appender appender;

  public RecordingAppender() {
    appender = (Appender) Proxy.newProxyInstance(Appender.class.getClassLoader(), new Class<?>[] {Appender.class},
        (proxy, m, args) -> {
          if (m.getDeclaringClass() == Object.class) return m.invoke(this, args);
          calls.add(new Call(m.getName(), args == null ? List.of() : Arrays.asList(args)));
          return answer(m.getReturnType());
        });
  }

  public Appender appender() {
    return appender;
  }

  public List<Call> calls() {
    return calls;
  }

  /** What the recorder answers for a return type: none of these is what a default method answers. */
  public static Object answer(Class<?> type) {
    if (type == void.class) return null;
    if (type == int.class) return 42;
    if (type == boolean.class) return true;
    if (type == AppendStatus.class) return AppendStatus.TOO_FAR_IN_FUTURE;
    if (type == ExemplarStatus.class) return ExemplarStatus.DUPLICATE;
    if (type == CommitReport.class) return new CommitReport(1, 2, 3, 4, 5, Labels.of("job", "x"), 6, AppendStatus.TOO_OLD, 7);
    throw new AssertionError("no answer for " + type + ": RecordingAppender must learn the new return type");
  }

  /** Arguments for {@code m}, each one distinct; a histogram is null, which forwarding never reads. */
  public static Object[] arguments(Method m) {
    Class<?>[] types = m.getParameterTypes();
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      Class<?> t = types[i];
      if (t == int.class) args[i] = 3 + i;
      else if (t == long.class) args[i] = 1_000L + i;
      else if (t == double.class) args[i] = 0.5 + i;
      else if (t == Labels.class) args[i] = Labels.of("__name__", "m" + i);
      else if (t == Exemplar.class) args[i] = new Exemplar(Labels.of("trace_id", "t" + i), 1.5, 2_000L, true);
      else if (t == FloatHistogram.class) args[i] = null;
      else throw new AssertionError("no argument for " + t + " of " + m + ": RecordingAppender must learn the new parameter type");
    }
    return args;
  }

  /** Calls {@code m} on {@code target} with {@link #arguments}; returns its answer. */
  public static Object call(Appender target, Method m) throws Throwable {
    try {
      return m.invoke(target, arguments(m));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
