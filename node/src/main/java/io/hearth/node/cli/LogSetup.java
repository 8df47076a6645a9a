package io.hearth.node.cli;

import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Configures java.util.logging (Hearth's and Ignite's logs) for {@code --log.level} and {@code --log.format}. */
final class LogSetup {
  private LogSetup() {}

  static void configure(String level, String format) {
    Level l = switch (level) {
      case "debug" -> Level.FINE;
      case "warn" -> Level.WARNING;
      case "error" -> Level.SEVERE;
      default -> Level.INFO;
    };
    Logger root = Logger.getLogger("");
    for (var h : root.getHandlers()) root.removeHandler(h);
    ConsoleHandler h = new ConsoleHandler();
    h.setLevel(l);
    h.setFormatter(format.equals("json") ? new Json() : new Logfmt());
    // Start-up advice from Ignite that does not apply to an embedded, explicitly configured node.
    h.setFilter(r -> {
      String n = r.getLoggerName() == null ? "" : r.getLoggerName();
      String m = r.getMessage() == null ? "" : r.getMessage();
      return !(m.startsWith("Logging at INFO level without checking") || m.startsWith("Failed to resolve default logging config")
          || m.startsWith("Initial heap size is") || m.startsWith("Message queue limit is set to 0")
          || m.startsWith("Persistence store directory is in the temp directory")
          || n.endsWith("GridDiagnostic"));
    });
    root.addHandler(h);
    root.setLevel(l);
    // Ignite is chatty at INFO; keep it at WARNING unless debugging.
    Logger.getLogger("org.apache.ignite").setLevel(l == Level.FINE ? Level.INFO : Level.WARNING);
  }

  static String levelName(Level l) {
    if (l.intValue() >= Level.SEVERE.intValue()) return "error";
    if (l.intValue() >= Level.WARNING.intValue()) return "warn";
    if (l.intValue() >= Level.INFO.intValue()) return "info";
    return "debug";
  }

  static String message(LogRecord r) {
    String m = new Formatter() {
      @Override public String format(LogRecord x) { return formatMessage(x); }
    }.format(r);
    if (r.getThrown() != null) m = m + ": " + r.getThrown();
    return m;
  }

  static final class Logfmt extends Formatter {
    @Override
    public String format(LogRecord r) {
      String src = r.getLoggerName() == null ? "" : r.getLoggerName().substring(r.getLoggerName().lastIndexOf('.') + 1);
      return "time=" + Instant.ofEpochMilli(r.getMillis()) + " level=" + levelName(r.getLevel()) + " source=" + src
          + " msg=\"" + message(r).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"\n";
    }
  }

  static final class Json extends Formatter {
    @Override
    public String format(LogRecord r) {
      StringBuilder sb = new StringBuilder("{\"time\":\"").append(Instant.ofEpochMilli(r.getMillis())).append("\",\"level\":\"")
          .append(levelName(r.getLevel())).append("\",\"source\":\"").append(r.getLoggerName()).append("\",\"msg\":\"");
      for (char c : message(r).toCharArray()) {
        if (c == '"' || c == '\\') sb.append('\\').append(c);
        else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
        else sb.append(c);
      }
      return sb.append("\"}\n").toString();
    }
  }
}
