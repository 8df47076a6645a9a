package io.hearth.node.api;

import io.hearth.node.http.ApiException;
import io.hearth.node.http.ApiRequest;
import io.hearth.node.http.ApiResponse;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.Querier;
import io.hearth.sharding.api.Queryable;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.SeriesSet;
import io.hearth.sharding.api.StaleNaN;
import io.hearth.sharding.api.ValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /federate}: the newest sample within the lookback of every series matching any {@code
 * match[]} selector, as Prometheus 2.42's federation handler writes it.
 *
 * <p>Series are sorted by metric name (series of one name in label order); a family starts at each
 * change of name or of sample kind (float, counter histogram, gauge histogram), so one name may
 * give several families, as in Prometheus. Every family is typed {@code untyped} (histograms {@code
 * histogram} or {@code gauge_histogram}) without HELP: Prometheus's federation does not carry
 * metadata, and a federating server must not be told a type the series' many sources may disagree
 * on. The external labels ({@code global.external_labels}, plus {@code instance=""} when they have
 * no {@code instance}) are appended after a series' own labels unless the series has that label.
 * Staleness markers are left out. Native histograms travel only in the protobuf format; the text
 * format (the default) leaves them out, as Prometheus. Custom-bucket histograms (schema -53) have
 * no field in that protobuf message and are left out too. {@code time} (an extension) evaluates
 * at another instant than now.
 *
 * <p>With {@code --web.federate.metadata} (off by default: the default answer is Prometheus's, byte
 * for byte) each family's {@code # TYPE} and {@code # HELP} come from the metric metadata the
 * cluster holds, as {@link FamilyTypes} resolves them.
 */
public final class FederateApi {
  /**
   * Where federation's metadata comes from: the metadata of metric families by name. Called once per
   * request with every name the answer could use; may ask other nodes (bounded in time, failing with
   * {@code StorageException.Unavailable}). Thread-safe.
   */
  @FunctionalInterface
  public interface MetadataSource {
    /** For each of {@code families} that has metadata: one entry (its type as Prometheus names it, help). */
    Map<String, Family> families(Set<String> families);
  }

  /** A family's metadata as federation writes it: {@code type} as Prometheus names it ({@code unknown}...), help. */
  public record Family(String type, String help) {}

  private final Queryable storage;
  private final long lookbackMs;
  private final LongSupplier clock;
  private final Supplier<Labels> externalLabels;
  private final MetadataSource metadata;

  public FederateApi(Queryable storage, long lookbackMs, LongSupplier clock, Supplier<Labels> externalLabels) {
    this(storage, lookbackMs, clock, externalLabels, null);
  }

  /** @param metadata where types and help come from; null to write {@code untyped} and no help, as Prometheus */
  public FederateApi(Queryable storage, long lookbackMs, LongSupplier clock, Supplier<Labels> externalLabels, MetadataSource metadata) {
    this.storage = storage;
    this.lookbackMs = lookbackMs;
    this.clock = clock;
    this.externalLabels = externalLabels;
    this.metadata = metadata;
  }

  /** One series' newest sample: a float, or a histogram when {@code h} is set. */
  record Latest(Labels labels, long t, double v, FloatHistogram h) {
    String name() {
      return labels.metricName();
    }
  }

  public ApiResponse federate(ApiRequest r) {
    long now = Params.time(r, "time", clock.getAsLong());
    if (r.params("match[]").isEmpty()) throw ApiException.badData("no match[] parameter provided");
    List<Matcher[]> selectors = new ArrayList<>();
    for (String m : r.params("match[]")) {
      try {
        selectors.add(io.hearth.promql.parser.Parser.parseMetricSelector(m).toArray(new Matcher[0]));
      } catch (io.hearth.promql.engine.PromQLException e) {
        throw ApiException.badData(e.getMessage());
      }
    }
    FederationFormat format = FederationFormat.negotiate(r.header("Accept"));
    TreeMap<Labels, Latest> latest = new TreeMap<>();
    try (Querier q = storage.querier(now - lookbackMs, now)) {
      FloatHistogram scratch = new FloatHistogram();
      for (Matcher[] ms : selectors) {
        SeriesSet ss = q.select(false, ms);
        SampleIterator it = null;
        while (ss.next()) {
          Labels l = ss.at().labels();
          if (latest.containsKey(l)) continue;
          it = ss.at().iterator(it);
          ValueType last = ValueType.NONE;
          long t = 0;
          double v = 0;
          for (ValueType vt = it.next(); vt != ValueType.NONE; vt = it.next()) {
            last = vt;
            t = it.atT();
            if (vt == ValueType.FLOAT) v = it.atV();
          }
          if (last == ValueType.NONE || l.metricName().isEmpty()) continue;
          FloatHistogram h = null;
          if (last != ValueType.FLOAT) {
            h = it.atHistogram(scratch).copy();
            if (StaleNaN.is(h.sum)) continue;
          } else if (StaleNaN.is(v)) {
            continue;
          }
          latest.put(l, new Latest(l, t, v, h));
        }
      }
    }
    List<Latest> out = new ArrayList<>(latest.values());
    out.sort(Comparator.comparing(Latest::name)); // stable: label order within a name
    FamilyTypes types = metadata == null ? FamilyTypes.NONE : FamilyTypes.of(out, metadata);
    return new ApiResponse(200, format.contentType(), format.encode(out, exposedExternal(), types));
  }

  /** The external labels to append as name, value pairs sorted by name, with {@code instance=""} unless set. */
  private String[] exposedExternal() {
    Labels ext = externalLabels.get();
    TreeMap<String, String> m = new TreeMap<>();
    ext.forEach(m::put);
    m.putIfAbsent("instance", "");
    String[] pairs = new String[m.size() * 2];
    int k = 0;
    for (var e : m.entrySet()) {
      pairs[k++] = e.getKey();
      pairs[k++] = e.getValue();
    }
    return pairs;
  }
}
