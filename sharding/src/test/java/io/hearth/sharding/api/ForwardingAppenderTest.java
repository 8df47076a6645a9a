package io.hearth.sharding.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardingAppenderTest {
  /** Every method of {@link Appender}, default methods included (so a new one is covered without naming it). */
  static List<Method> appenderMethods() {
    List<Method> methods = Arrays.stream(Appender.class.getMethods()).filter(m -> !m.isSynthetic()).toList();
    assertEquals(Arrays.stream(Appender.class.getDeclaredMethods()).filter(m -> !m.isSynthetic()
        && !java.lang.reflect.Modifier.isStatic(m.getModifiers())).count(), methods.size(), "methods of Appender");
    return methods;
  }

  @Test
  void everyAppenderMethodReachesTheWrappedAppenderWithItsArgumentsAndAnswer() throws Throwable {
    for (Method m : appenderMethods()) {
      RecordingAppender wrapped = new RecordingAppender();
      Appender forwarding = new ForwardingAppender(wrapped.appender()) {};
      Object answer = RecordingAppender.call(forwarding, m);
      assertEquals(List.of(new RecordingAppender.Call(m.getName(), Arrays.asList(RecordingAppender.arguments(m)))),
          wrapped.calls(), m.getName() + " is not forwarded as it was called");
      assertEquals(RecordingAppender.answer(m.getReturnType()), answer, m.getName() + " does not answer what the wrapped appender answered");
    }
  }

  @Test
  void forwardingAppenderOverridesEveryAppenderMethod() throws NoSuchMethodException {
    for (Method m : appenderMethods()) {
      assertEquals(ForwardingAppender.class, ForwardingAppender.class.getMethod(m.getName(), m.getParameterTypes()).getDeclaringClass(),
          m.getName() + " is not overridden: a default method would answer instead of the wrapped appender");
    }
  }
}
