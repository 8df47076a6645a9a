package io.hearth.sharding.api.text;

/**
 * Byte sizes as Prometheus's {@code units.Base2Bytes} reads them (config fields such as
 * {@code body_size_limit}, the flag {@code --storage.tsdb.retention.size}): a number, possibly with
 * a fraction, then {@code B}, {@code KB}/{@code KiB}, {@code MB}/{@code MiB} ... {@code EB}/{@code EiB},
 * all 1024-based, or no unit for bytes: {@code 512MB}, {@code 1GiB}, {@code 1000}.
 */
public final class ByteSize {
  private ByteSize() {}

  /**
   * The number of bytes {@code s} names (surrounding spaces ignored); a size past
   * {@link Long#MAX_VALUE} is {@link Long#MAX_VALUE}.
   *
   * @throws IllegalArgumentException {@code units: invalid syntax in "x"} or {@code units: unknown
   *     unit X in x}, as Prometheus words them
   */
  public static long parse(String s) {
    String t = s.trim();
    int i = 0;
    while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) i++;
    if (i == 0) throw new IllegalArgumentException("units: invalid syntax in " + GoQuote.quote(s));
    double num = Double.parseDouble(t.substring(0, i));
    String unit = t.substring(i);
    long mult;
    switch (unit) {
      case "": case "B": mult = 1; break;
      case "KB": case "KiB": mult = 1L << 10; break;
      case "MB": case "MiB": mult = 1L << 20; break;
      case "GB": case "GiB": mult = 1L << 30; break;
      case "TB": case "TiB": mult = 1L << 40; break;
      case "PB": case "PiB": mult = 1L << 50; break;
      case "EB": case "EiB": mult = 1L << 60; break;
      default: throw new IllegalArgumentException("units: unknown unit " + unit + " in " + s);
    }
    return (long) (num * mult);
  }
}
