package io.hearth.node.remote;

import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.text.GoQuote;
import io.hearth.sharding.api.text.LabelsText;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One series' labels as byte ranges of the body, checked as Prometheus 3.x checks them and then
 * turned into {@link Labels}. Reused series after series. Not thread-safe.
 *
 * <p>Checks, in Prometheus's order: every name non-empty and valid UTF-8 (or a legacy name), every
 * value valid UTF-8, {@code __name__} present and non-empty (or a legacy metric name) — all with
 * Prometheus's message {@code invalid metric name or labels, got {...}}; then no repeated name
 * ({@code invalid labels for series, labels {...}, duplicated label x}); then, Hearth's addition,
 * names in ascending byte order. Labels with empty values are then dropped, as {@link Labels}
 * never holds them (Prometheus would keep them).
 */
final class SeriesLabels {
  private static final byte[] METRIC_NAME = Labels.METRIC_NAME.getBytes(StandardCharsets.US_ASCII);
  private static final String[] NO_PAIRS = new String[0];

  private final DecodeOptions options;
  private byte[] buf;
  private SymbolTable symbols;
  private int n;
  private int[] nameOff = new int[16];
  private int[] nameLen = new int[16];
  private int[] valOff = new int[16];
  private int[] valLen = new int[16];
  private int[] nameSym = new int[16];
  private int[] valSym = new int[16];
  /** Order to read labels in when they arrived unsorted and the options sort them; else null. */
  private Integer[] order;
  private String message;

  SeriesLabels(DecodeOptions options) {
    this.options = options;
  }

  void reset(byte[] buf, SymbolTable symbols) {
    this.buf = buf;
    this.symbols = symbols;
    this.n = 0;
    this.order = null;
    this.message = null;
  }

  void release() {
    buf = null;
    symbols = null;
  }

  int size() {
    return n;
  }

  void add(int nOff, int nLen, int vOff, int vLen) {
    addRef(nOff, nLen, -1, vOff, vLen, -1);
  }

  void addSymbols(int nameRef, int valueRef) {
    addRef(symbols.offset(nameRef), symbols.length(nameRef), nameRef,
        symbols.offset(valueRef), symbols.length(valueRef), valueRef);
  }

  private void addRef(int nOff, int nLen, int nSym, int vOff, int vLen, int vSym) {
    if (n == nameOff.length) {
      int c = n * 2;
      nameOff = Arrays.copyOf(nameOff, c);
      nameLen = Arrays.copyOf(nameLen, c);
      valOff = Arrays.copyOf(valOff, c);
      valLen = Arrays.copyOf(valLen, c);
      nameSym = Arrays.copyOf(nameSym, c);
      valSym = Arrays.copyOf(valSym, c);
    }
    nameOff[n] = nOff;
    nameLen[n] = nLen;
    nameSym[n] = nSym;
    valOff[n] = vOff;
    valLen[n] = vLen;
    valSym[n] = vSym;
    n++;
  }

  /** Returns null when the labels are valid, else why; {@link #message()} then has the text. */
  InvalidSeriesReason validate() {
    InvalidSeriesReason limited = checkLimits();
    if (limited != null) return limited;
    boolean legacy = options.nameValidation() == DecodeOptions.NameValidation.LEGACY;
    boolean hasName = false;
    for (int i = 0; i < n; i++) {
      InvalidSeriesReason r = null;
      if (nameLen[i] == 0) {
        r = InvalidSeriesReason.EMPTY_LABEL_NAME;
      } else if (!utf8(nameOff[i], nameLen[i], nameSym[i]) || !utf8(valOff[i], valLen[i], valSym[i])) {
        r = InvalidSeriesReason.INVALID_UTF8;
      } else if (legacy && !LabelsText.isLegacyLabelName(buf, nameOff[i], nameLen[i])) {
        r = InvalidSeriesReason.INVALID_LABEL_NAME;
      } else if (isMetricName(i)) {
        hasName = true;
        if (valLen[i] == 0 || (legacy && !isLegacyMetricName(buf, valOff[i], valLen[i]))) {
          r = InvalidSeriesReason.INVALID_METRIC_NAME;
        }
      }
      if (r != null) {
        message = "invalid metric name or labels, got " + render(sortedOrder());
        return r;
      }
    }
    if (!hasName) {
      message = "invalid metric name or labels, got " + render(sortedOrder());
      return InvalidSeriesReason.MISSING_METRIC_NAME;
    }
    boolean unsorted = false;
    int dup = -1;
    for (int i = 1; i < n; i++) {
      int c = compareNames(i - 1, i);
      if (c > 0) {
        unsorted = true;
      } else if (c == 0 && dup < 0) {
        dup = i;
      }
    }
    if (!unsorted && dup < 0) {
      return null;
    }
    Integer[] sorted = sortedOrder();
    if (unsorted) {
      dup = -1;
      for (int i = 1; i < n && dup < 0; i++) {
        if (compareNames(sorted[i - 1], sorted[i]) == 0) {
          dup = sorted[i];
        }
      }
    }
    if (dup >= 0) {
      StringBuilder sb = new StringBuilder("invalid labels for series, labels ");
      sb.append(render(sorted)).append(", duplicated label ");
      message = sb.append(new String(buf, nameOff[dup], nameLen[dup], StandardCharsets.UTF_8)).toString();
      return InvalidSeriesReason.DUPLICATE_LABEL_NAME;
    }
    if (options.sortUnsortedLabels()) {
      order = sorted;
      return null;
    }
    int at = 1;
    while (compareNames(at - 1, at) <= 0) {
      at++;
    }
    StringBuilder sb = new StringBuilder("invalid labels for series, labels ").append(render(null));
    sb.append(", label names not sorted: ");
    GoQuote.appendQuoted(sb, buf, nameOff[at - 1], nameLen[at - 1]);
    sb.append(" before ");
    GoQuote.appendQuoted(sb, buf, nameOff[at], nameLen[at]);
    message = sb.toString();
    return InvalidSeriesReason.UNSORTED_LABEL_NAMES;
  }

  String message() {
    return message;
  }

  /** The label limits, checked first: a series beyond one is refused whatever else is wrong with it. */
  private InvalidSeriesReason checkLimits() {
    DecodeOptions.LabelLimits l = options.limits();
    if (l.maxLabels() > 0 && n > l.maxLabels()) {
      message = "series has too many labels (actual: " + n + ", limit: " + l.maxLabels() + ") series: " + clipped();
      return InvalidSeriesReason.TOO_MANY_LABELS;
    }
    for (int i = 0; i < n; i++) {
      if (l.maxNameLength() > 0 && nameLen[i] > l.maxNameLength()) {
        message = "label name too long (actual: " + nameLen[i] + " bytes, limit: " + l.maxNameLength() + ") series: " + clipped();
        return InvalidSeriesReason.LABEL_NAME_TOO_LONG;
      }
      if (l.maxValueLength() > 0 && valLen[i] > l.maxValueLength()) {
        message = "label value too long (actual: " + valLen[i] + " bytes, limit: " + l.maxValueLength() + ", label name: "
            + new String(buf, nameOff[i], Math.min(nameLen[i], 256), StandardCharsets.UTF_8) + ") series: " + clipped();
        return InvalidSeriesReason.LABEL_VALUE_TOO_LONG;
      }
    }
    return null;
  }

  /** The validated labels; call only after {@link #validate()} returned null. */
  Labels build() {
    int kept = 0;
    for (int i = 0; i < n; i++) {
      if (valLen[i] > 0) {
        kept++;
      }
    }
    String[] pairs = kept == 0 ? NO_PAIRS : new String[kept * 2];
    int p = 0;
    for (int k = 0; k < n; k++) {
      int i = order == null ? k : order[k];
      if (valLen[i] == 0) {
        continue;
      }
      pairs[p++] = string(nameOff[i], nameLen[i], nameSym[i]);
      pairs[p++] = string(valOff[i], valLen[i], valSym[i]);
    }
    // Byte order (the wire's) and UTF-16 order (Labels') differ only past U+FFFF: re-sort then.
    for (int i = 2; i < pairs.length; i += 2) {
      if (pairs[i - 2].compareTo(pairs[i]) > 0) {
        sortPairs(pairs);
        break;
      }
    }
    return Labels.ofSortedPairsUnchecked(pairs);
  }

  /** The labels in Prometheus's text form, for messages: {@code {__name__="up", job="x"}}. */
  String text() {
    return render(order);
  }

  private boolean isMetricName(int i) {
    return nameLen[i] == METRIC_NAME.length
        && Arrays.equals(buf, nameOff[i], nameOff[i] + nameLen[i], METRIC_NAME, 0, METRIC_NAME.length);
  }

  /** The value of {@code __name__}, or the empty string. */
  String metricName() {
    for (int i = 0; i < n; i++) {
      if (isMetricName(i)) {
        return string(valOff[i], valLen[i], valSym[i]);
      }
    }
    return "";
  }

  private boolean utf8(int off, int len, int sym) {
    return sym >= 0 ? symbols.validUtf8(sym) : Utf8.isValid(buf, off, len);
  }

  private String string(int off, int len, int sym) {
    return sym >= 0 ? symbols.string(sym) : Utf8.decode(buf, off, len);
  }

  private int compareNames(int a, int b) {
    return Utf8.compare(buf, nameOff[a], nameLen[a], nameOff[b], nameLen[b]);
  }

  private Integer[] sortedOrder() {
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, this::compareNames); // stable
    return idx;
  }

  /** The series as {@link #render} writes it, cut at 1 KiB: a series over a limit may be huge. */
  private String clipped() {
    String r = render(null);
    return r.length() <= 1024 ? r : r.substring(0, 1024) + "...(" + r.length() + " characters)";
  }

  private String render(Integer[] idx) {
    StringBuilder sb = new StringBuilder("{");
    for (int k = 0; k < n; k++) {
      int i = idx == null ? k : idx[k];
      if (k > 0) {
        sb.append(", ");
      }
      LabelsText.appendPair(sb, buf, nameOff[i], nameLen[i], valOff[i], valLen[i]);
    }
    return sb.append('}').toString();
  }

  private static void sortPairs(String[] pairs) {
    for (int i = 2; i < pairs.length; i += 2) {
      String name = pairs[i];
      String value = pairs[i + 1];
      int j = i - 2;
      while (j >= 0 && pairs[j].compareTo(name) > 0) {
        pairs[j + 2] = pairs[j];
        pairs[j + 3] = pairs[j + 1];
        j -= 2;
      }
      pairs[j + 2] = name;
      pairs[j + 3] = value;
    }
  }

  static boolean isLegacyMetricName(byte[] b, int off, int len) {
    if (len == 0) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      int c = b[off + i];
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
