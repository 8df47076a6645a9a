package io.hearth.node.ui;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One browser tab through its DevTools session: navigate, evaluate JavaScript, type and press
 * keys, take screenshots; and every JavaScript exception, console error and failed resource load
 * the page had, for tests to assert there were none.
 */
final class BrowserPage {
  private final DevTools devtools;
  private final String session;
  private final List<String> errors = new ArrayList<>();
  private final List<Map.Entry<String, Handler>> handlers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private Predicate<String> allowedError = e -> false;

  /** Called with an event's params on the DevTools reader thread: it must not block on {@link #send}. */
  @FunctionalInterface
  interface Handler {
    void handle(JsonNode params);
  }

  private BrowserPage(DevTools devtools, String session) {
    this.devtools = devtools;
    this.session = session;
  }

  static BrowserPage open(DevTools devtools, String session, int width, int height) throws IOException {
    BrowserPage p = new BrowserPage(devtools, session);
    devtools.onEvent(p::event);
    p.send("Page.enable", Map.of());
    p.send("Runtime.enable", Map.of());
    p.send("Log.enable", Map.of());
    p.send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    return p;
  }

  private void event(JsonNode msg) {
    if (!session.equals(msg.path("sessionId").asText())) return;
    String method = msg.path("method").asText();
    JsonNode params = msg.path("params");
    for (Map.Entry<String, Handler> h : handlers) if (h.getKey().equals(method)) h.getValue().handle(params);
    String error = null;
    if (method.equals("Runtime.exceptionThrown")) {
      JsonNode d = params.path("exceptionDetails");
      String desc = d.path("exception").path("description").asText("");
      error = "exception: " + (desc.isEmpty() ? d.path("text").asText() : desc) + " at " + d.path("url").asText() + ":" + d.path("lineNumber").asInt();
    } else if (method.equals("Runtime.consoleAPICalled") && (params.path("type").asText().equals("error")
        || params.path("type").asText().equals("assert"))) {
      StringBuilder sb = new StringBuilder("console.error:");
      for (JsonNode a : params.path("args")) sb.append(' ').append(a.has("value") ? a.get("value").asText() : a.path("description").asText());
      error = sb.toString();
    } else if (method.equals("Log.entryAdded") && params.path("entry").path("level").asText().equals("error")) {
      JsonNode e = params.path("entry");
      error = "log " + e.path("source").asText() + ": " + e.path("text").asText() + " " + e.path("url").asText();
    }
    if (error != null) {
      synchronized (errors) {
        errors.add(error);
      }
    }
  }

  /** Calls {@code handler} for each event {@code method} of this page. */
  void on(String method, Handler handler) {
    handlers.add(Map.entry(method, handler));
  }

  void off(Handler handler) {
    handlers.removeIf(e -> e.getValue() == handler);
  }

  /** Errors matching this are expected (e.g. a 404 the page handles) and not reported. */
  void allowErrors(Predicate<String> allowed) {
    this.allowedError = allowed;
  }

  /** The page's unexpected errors so far, and forgets them. */
  List<String> takeErrors() {
    synchronized (errors) {
      List<String> out = new ArrayList<>();
      for (String e : errors) if (!allowedError.test(e)) out.add(e);
      errors.clear();
      return out;
    }
  }

  JsonNode send(String method, Map<String, ?> params) throws IOException {
    return devtools.send(session, method, params);
  }

  /** Loads a URL and waits until the app has rendered its page ({@code #app[data-ready]}). */
  void navigate(String url) throws IOException, InterruptedException {
    // The app rewrites its URL (query state), so a new document is told apart by a marker the old one had.
    eval("window.hearthTestOldDocument = true");
    send("Page.navigate", Map.of("url", url));
    waitFor("!window.hearthTestOldDocument && document.readyState === 'complete' && !!document.querySelector('#app[data-ready]')",
        20_000, "page " + url + " to render");
  }

  /** Evaluates an expression (awaiting a promise) and returns its JSON value. */
  JsonNode eval(String expression) throws IOException {
    JsonNode r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new IOException("evaluation failed [expression=" + expression + ", error="
          + r.path("exceptionDetails").path("exception").path("description").asText(r.path("exceptionDetails").toString()) + "]");
    }
    return r.path("result").path("value");
  }

  String text(String expression) throws IOException {
    return eval(expression).asText();
  }

  /** Waits until a JavaScript condition is true; fails naming what it waited for and the page's text. */
  void waitFor(String condition, long timeoutMs, String what) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (eval("!!(" + condition + ")").asBoolean()) return;
      } catch (IOException e) {
        // The page may be between documents; try again.
      }
      Thread.sleep(100);
    }
    String body;
    try {
      body = text("document.body ? document.body.innerText.slice(0, 1500) : ''");
    } catch (IOException e) {
      body = "(unreadable)";
    }
    throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what + " [condition=" + condition + ", page=" + body
        + ", errors=" + takeErrors() + "]");
  }

  /** Types text at the focused element, as a keyboard would (input events fire). */
  void type(String text) throws IOException {
    send("Input.insertText", Map.of("text", text));
  }

  /** Presses a key such as Enter, Tab, ArrowDown or Escape. */
  void press(String key, int keyCode) throws IOException {
    send("Input.dispatchKeyEvent", Map.of("type", "rawKeyDown", "key", key, "code", key, "windowsVirtualKeyCode", keyCode));
    send("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", key, "code", key, "windowsVirtualKeyCode", keyCode));
  }

  /** Saves a PNG of the whole page (up to 4000 px tall). */
  void screenshot(Path file) throws IOException {
    JsonNode size = send("Page.getLayoutMetrics", Map.of()).path("cssContentSize");
    double width = Math.max(1, size.path("width").asDouble());
    double height = Math.min(4000, Math.max(1, size.path("height").asDouble()));
    JsonNode r = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
        "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(r.get("data").asText()));
  }
}
