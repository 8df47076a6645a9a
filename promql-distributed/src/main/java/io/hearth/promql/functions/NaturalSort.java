package io.hearth.promql.functions;

/**
 * Natural ordering of label values for {@code sort_by_label}: runs of digits compare as numbers,
 * everything else byte-wise (as the {@code natsort} package Prometheus uses).
 */
public final class NaturalSort {
  private NaturalSort() {}

  /** Whether {@code a} sorts strictly before {@code b}. */
  public static boolean less(String a, String b) {
    return compare(a, b) < 0;
  }

  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      boolean da = isDigit(ca);
      boolean db = isDigit(cb);
      if (da && db) {
        int si = i;
        int sj = j;
        while (i < a.length() && isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && isDigit(b.charAt(j))) {
          j++;
        }
        String na = stripZeros(a.substring(si, i));
        String nb = stripZeros(b.substring(sj, j));
        if (na.length() != nb.length()) {
          return na.length() < nb.length() ? -1 : 1;
        }
        int c = na.compareTo(nb);
        if (c != 0) {
          return c;
        }
        int la = i - si;
        int lb = j - sj;
        if (la != lb) {
          return la < lb ? -1 : 1;
        }
        continue;
      }
      if (ca != cb) {
        return ca < cb ? -1 : 1;
      }
      i++;
      j++;
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String stripZeros(String s) {
    int k = 0;
    while (k < s.length() - 1 && s.charAt(k) == '0') {
      k++;
    }
    return s.substring(k);
  }
}
