package io.hearth.node.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A Chrome DevTools protocol connection to the browser endpoint, over one WebSocket. Commands
 * block until their answer (bounded by a deadline); events go to the listeners registered for
 * their session (pages attached with {@code flatten: true}). Thread-safe.
 */
final class DevTools implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();

  private DevTools(WebSocket socket) {
    this.socket = socket;
  }

  static DevTools connect(String wsUrl) throws IOException, InterruptedException {
    Receiver r = new Receiver();
    WebSocket ws;
    try {
      ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
          .buildAsync(URI.create(wsUrl), r).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot connect to the browser's DevTools [url=" + wsUrl + "]", e);
    }
    DevTools d = new DevTools(ws);
    r.owner = d;
    return d;
  }

  /** Adds a listener for every event (its {@code sessionId} tells the page). */
  void onEvent(Consumer<JsonNode> l) {
    listeners.add(l);
  }

  /** Sends a command (to a page's session, or to the browser when sessionId is null) and returns its result. */
  JsonNode send(String sessionId, String method, Map<String, ?> params) throws IOException {
    int id = ids.incrementAndGet();
    ObjectNode msg = JSON.createObjectNode();
    msg.put("id", id);
    msg.put("method", method);
    msg.set("params", JSON.valueToTree(params == null ? Map.of() : params));
    if (sessionId != null) msg.put("sessionId", sessionId);
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    JsonNode reply;
    try {
      socket.sendText(JSON.writeValueAsString(msg), true).get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      reply = answer.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for " + method, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("no answer from the browser [method=" + method + ", deadline=" + DEADLINE + "]", e);
    } finally {
      pending.remove(id);
    }
    if (reply.has("error")) throw new IOException("devtools command failed [method=" + method + ", error=" + reply.get("error") + "]");
    return reply.path("result");
  }

  private void dispatch(String text) {
    JsonNode msg;
    try {
      msg = JSON.readTree(text);
    } catch (IOException e) {
      return;
    }
    if (msg.has("id")) {
      CompletableFuture<JsonNode> f = pending.get(msg.get("id").asInt());
      if (f != null) f.complete(msg);
    } else {
      for (Consumer<JsonNode> l : listeners) l.accept(msg);
    }
  }

  @Override
  public void close() {
    socket.abort();
  }

  private static final class Receiver implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();
    volatile DevTools owner;

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        if (owner != null) owner.dispatch(text);
      }
      ws.request(1);
      return null;
    }
  }
}
