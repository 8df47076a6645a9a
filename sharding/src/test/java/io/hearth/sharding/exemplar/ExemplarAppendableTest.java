package io.hearth.sharding.exemplar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.Exemplar;
import io.hearth.sharding.api.ExemplarStatus;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.RecordingAppender;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExemplarAppendableTest {
  @Test
  void everyMethodButAppendExemplarReachesTheWrappedAppender() throws Throwable {
    for (Method m : Appender.class.getMethods()) {
      if (m.isSynthetic() || m.getName().equals("appendExemplar")) continue;
      RecordingAppender samples = new RecordingAppender();
      Appender a = new ExemplarAppendable(samples::appender, new CircularExemplarStore(10)).appender();
      Object answer = RecordingAppender.call(a, m);
      assertEquals(List.of(new RecordingAppender.Call(m.getName(), Arrays.asList(RecordingAppender.arguments(m)))), samples.calls(),
          m.getName() + " is not forwarded as it was called");
      assertEquals(RecordingAppender.answer(m.getReturnType()), answer, m.getName());
    }
  }

  @Test
  void exemplarsStayWithTheWrapperAndReachTheStoreAfterTheSamplesCommit() {
    RecordingAppender samples = new RecordingAppender();
    CircularExemplarStore store = new CircularExemplarStore(10);
    Appender a = new ExemplarAppendable(samples::appender, store).appender();
    Labels series = Labels.of("__name__", "requests_total");
    assertEquals(ExemplarStatus.OK, a.appendExemplar(1, series, new Exemplar(Labels.of("trace_id", "abc"), 1, 1_000, true)));
    assertTrue(samples.calls().isEmpty(), "exemplar passed to the samples' appender: " + samples.calls());
    assertEquals(0, store.size(), "kept before the commit");
    a.commit();
    assertEquals(List.of(new RecordingAppender.Call("commit", List.of())), samples.calls());
    assertEquals(1, store.size(), "kept after the commit");
  }
}
