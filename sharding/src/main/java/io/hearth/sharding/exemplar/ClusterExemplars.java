package io.hearth.sharding.exemplar;

import io.hearth.sharding.api.ClusterView;
import io.hearth.sharding.api.Exemplar;
import io.hearth.sharding.api.FanOut;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.wire.ByteSink;
import io.hearth.sharding.wire.ByteSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster's exemplars: every node keeps those it received or scraped, so a select asks every
 * node of the topology ({@value #SERVICE}) and merges the answers. A series answered by several
 * nodes (remote write of one series reaching different nodes) gets their exemplars merged by
 * timestamp, exact duplicates once. A node that does not answer within {@link #DEADLINE_MS} fails
 * the select: never a silent partial answer.
 *
 * <p>Wire: request {@code start, end} (varint), selector count, per selector its matcher count and
 * per matcher {@code type byte, name, value}; answer series count, per series its labels (count,
 * then name and value strings) and exemplar count, per exemplar its labels, value bits (8 bytes),
 * timestamp (varint) and has-timestamp byte.
 */
public final class ClusterExemplars implements ExemplarQueryable {
  public static final String SERVICE = "exemplars.select";
  static final long DEADLINE_MS = 5_000;
  private final ClusterView view;

  public ClusterExemplars(ClusterView view) {
    this.view = view;
  }

  /** Answers this node's part of cluster selects from {@code local}. */
  public static void serve(ClusterView view, ExemplarQueryable local) {
    view.serve(SERVICE, req -> {
      ByteSource in = new ByteSource().reset(req, 0, req.length, "exemplar select request");
      long start = in.readVarint();
      long end = in.readVarint();
      return encode(local.select(start, end, readSelectors(in)));
    });
  }

  @Override
  public List<ExemplarSeries> select(long start, long end, List<List<Matcher>> selectors) {
    if (selectors.isEmpty()) return List.of();
    ByteSink req = new ByteSink(64);
    req.writeVarint(start);
    req.writeVarint(end);
    writeSelectors(req, selectors);
    byte[] request = req.toByteArray();
    Map<Labels, List<Exemplar>> merged = new TreeMap<>();
    for (byte[] answer : FanOut.everyNode(view, SERVICE, request, DEADLINE_MS, "exemplars")) {
      for (ExemplarSeries s : decode(answer)) merged.computeIfAbsent(s.seriesLabels(), k -> new ArrayList<>()).addAll(s.exemplars());
    }
    List<ExemplarSeries> out = new ArrayList<>(merged.size());
    merged.forEach((series, list) -> out.add(new ExemplarSeries(series, byTime(list))));
    return out;
  }

  /** Oldest first (stable: one node's order stays), an exemplar another node also holds once. */
  private static List<Exemplar> byTime(List<Exemplar> list) {
    list.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
    List<Exemplar> out = new ArrayList<>(list.size());
    for (Exemplar e : list) {
      boolean dup = false;
      for (int j = out.size() - 1; j >= 0 && out.get(j).timestamp() == e.timestamp(); j--) dup |= out.get(j).sameAs(e);
      if (!dup) out.add(e);
    }
    return out;
  }

  static void writeSelectors(ByteSink out, List<List<Matcher>> selectors) {
    out.writeUvarint(selectors.size());
    for (List<Matcher> set : selectors) {
      out.writeUvarint(set.size());
      for (Matcher m : set) {
        out.writeByte(m.type().ordinal());
        out.writeString(m.name());
        out.writeString(m.value());
      }
    }
  }

  static List<List<Matcher>> readSelectors(ByteSource in) {
    int n = (int) in.readUvarint();
    List<List<Matcher>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int k = (int) in.readUvarint();
      List<Matcher> set = new ArrayList<>(k);
      for (int j = 0; j < k; j++) set.add(Matcher.of(Matcher.Type.values()[in.readByte()], in.readString(), in.readString()));
      out.add(set);
    }
    return out;
  }

  static byte[] encode(List<ExemplarSeries> series) {
    ByteSink out = new ByteSink(256);
    out.writeUvarint(series.size());
    for (ExemplarSeries s : series) {
      out.writeLabels(s.seriesLabels());
      out.writeUvarint(s.exemplars().size());
      for (Exemplar e : s.exemplars()) {
        out.writeLabels(e.labels());
        out.writeLong(Double.doubleToRawLongBits(e.value()));
        out.writeVarint(e.timestamp());
        out.writeByte(e.hasTimestamp() ? 1 : 0);
      }
    }
    return out.toByteArray();
  }

  static List<ExemplarSeries> decode(byte[] b) {
    ByteSource in = new ByteSource().reset(b, 0, b.length, "exemplar select answer");
    int n = (int) in.readUvarint();
    List<ExemplarSeries> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Labels series = in.readLabels();
      int k = (int) in.readUvarint();
      List<Exemplar> ex = new ArrayList<>(k);
      for (int j = 0; j < k; j++) {
        Labels l = in.readLabels();
        double v = Double.longBitsToDouble(in.readLong());
        long t = in.readVarint();
        ex.add(new Exemplar(l, v, t, in.readByte() == 1));
      }
      out.add(new ExemplarSeries(series, ex));
    }
    return out;
  }

}
