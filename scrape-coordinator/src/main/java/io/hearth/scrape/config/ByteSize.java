package io.hearth.scrape.config;

import io.hearth.sharding.api.text.GoQuote;

/** Base-2 byte sizes as Prometheus's {@code units.Base2Bytes}: KB, MB... and KiB, MiB... are 1024-based. */
final class ByteSize {
  private ByteSize() {}

  static long parse(String s) {
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
