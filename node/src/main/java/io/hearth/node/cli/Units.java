package io.hearth.node.cli;

import io.hearth.sharding.api.text.ByteSize;
import io.hearth.sharding.api.text.PromDuration;
import java.util.Locale;

/** Parses flag values the way Prometheus's flags read them. */
public final class Units {
  private Units() {}

  /** Prometheus durations ({@code 15d}, {@code 2h30m}); {@code 0} or {@code 0s} means unset. */
  static long duration(String flag, String v) {
    if (v.equals("0")) return 0;
    try {
      return PromDuration.parseMillis(v);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid value \"" + v + "\" for flag --" + flag + ": not a duration like 15d or 2h30m");
    }
  }

  /**
   * Byte sizes with base-2 units as Prometheus's {@code --storage.tsdb.retention.size}: 512MB, 10GB,
   * 1TB ({@link ByteSize}); Hearth's flags also take the unit in any case and a space before it.
   */
  public static long bytes(String flag, String v) {
    String s = v.trim().toUpperCase(Locale.ROOT).replace(" ", "").replace("IB", "iB");
    try {
      return ByteSize.parse(s);
    } catch (IllegalArgumentException e) {
      // worded for the flag below
    }
    throw new IllegalArgumentException("invalid value \"" + v + "\" for flag --" + flag + ": not a size like 512MB or 10GB");
  }

  static String[] hostPort(String flag, String v) {
    int i = v.lastIndexOf(':');
    if (i < 0) throw new IllegalArgumentException("invalid value \"" + v + "\" for flag --" + flag + ": expected host:port");
    String host = v.substring(0, i);
    if (host.isEmpty()) host = "0.0.0.0";
    try {
      int port = Integer.parseInt(v.substring(i + 1));
      if (port < 0 || port > 65535) throw new NumberFormatException();
      return new String[] {host, Integer.toString(port)};
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid value \"" + v + "\" for flag --" + flag + ": bad port");
    }
  }
}
