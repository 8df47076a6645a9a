package io.hearth.scrape.relabel;

import com.google.re2j.Matcher;
import io.hearth.sharding.api.Labels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies relabeling rules in order, exactly as Prometheus's {@code relabel.Process}. Stateless and
 * thread-safe.
 */
public final class Relabeler {
  private Relabeler() {}

  /**
   * Relabels a label set.
   *
   * @return the relabeled labels, or null when a {@code keep}/{@code drop}/{@code keepequal}/
   *     {@code dropequal} rule dropped the set
   */
  public static Labels process(Labels labels, List<RelabelConfig> rules) {
    if (rules.isEmpty()) return labels;
    TreeMap<String, String> lb = new TreeMap<>();
    labels.forEach(lb::put);
    for (RelabelConfig rule : rules) {
      if (!apply(rule, lb)) return null;
    }
    return Labels.fromMap(lb);
  }

  /**
   * Applies one rule to a mutable, name-sorted label map (empty values are never stored).
   *
   * @return false when the rule drops the label set
   */
  public static boolean apply(RelabelConfig cfg, TreeMap<String, String> lb) {
    String val = joinSources(cfg, lb);
    switch (cfg.action()) {
      case DROP:
        return !cfg.regex().matches(val);
      case KEEP:
        return cfg.regex().matches(val);
      case DROPEQUAL:
        return !get(lb, cfg.targetLabel()).equals(val);
      case KEEPEQUAL:
        return get(lb, cfg.targetLabel()).equals(val);
      case REPLACE: {
        Matcher m = cfg.regex().match(val);
        if (m == null) return true; // no match: no replacement
        String target = RegexTemplate.expand(cfg.targetLabel(), cfg.regex(), m);
        if (!cfg.nameValidation().isValidLabelName(target)) return true;
        String res = RegexTemplate.expand(cfg.replacement(), cfg.regex(), m);
        set(lb, target, res);
        return true;
      }
      case LOWERCASE:
        set(lb, cfg.targetLabel(), mapCase(val, false));
        return true;
      case UPPERCASE:
        set(lb, cfg.targetLabel(), mapCase(val, true));
        return true;
      case HASHMOD:
        set(lb, cfg.targetLabel(), Long.toUnsignedString(Long.remainderUnsigned(md5Tail(val), cfg.modulus())));
        return true;
      case LABELMAP: {
        for (Map.Entry<String, String> e : new ArrayList<>(lb.entrySet())) {
          Matcher m = cfg.regex().match(e.getKey());
          if (m != null) set(lb, RegexTemplate.expand(cfg.replacement(), cfg.regex(), m), e.getValue());
        }
        return true;
      }
      case LABELDROP:
        lb.keySet().removeIf(cfg.regex()::matches);
        return true;
      case LABELKEEP:
        lb.keySet().removeIf(n -> !cfg.regex().matches(n));
        return true;
      default:
        throw new IllegalStateException("relabel: unknown relabel action type " + cfg.action());
    }
  }

  private static String joinSources(RelabelConfig cfg, TreeMap<String, String> lb) {
    List<String> src = cfg.sourceLabelsOrEmpty();
    if (src.isEmpty()) return "";
    if (src.size() == 1) return get(lb, src.get(0));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < src.size(); i++) {
      if (i > 0) sb.append(cfg.separator());
      sb.append(get(lb, src.get(i)));
    }
    return sb.toString();
  }

  /** Go's strings.ToLower/ToUpper: simple per-rune case mapping (ß stays ß, unlike String.toUpperCase). */
  static String mapCase(String s, boolean upper) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> sb.appendCodePoint(upper ? Character.toUpperCase(cp) : Character.toLowerCase(cp)));
    return sb.toString();
  }

  private static String get(TreeMap<String, String> lb, String name) {
    String v = lb.get(name);
    return v == null ? "" : v;
  }

  private static void set(TreeMap<String, String> lb, String name, String value) {
    if (value.isEmpty()) lb.remove(name);
    else lb.put(name, value);
  }

  /** The last 8 bytes of the MD5 of {@code s}, big-endian, as Prometheus's hashmod uses. */
  static long md5Tail(String s) {
    byte[] d;
    try {
      d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every Java platform", e);
    }
    long x = 0;
    for (int i = 8; i < 16; i++) x = (x << 8) | (d[i] & 0xff);
    return x;
  }
}
