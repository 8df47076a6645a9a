package io.hearth.promql.distributed;

import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.Querier;
import io.hearth.sharding.api.Queryable;
import io.hearth.sharding.api.Series;
import io.hearth.sharding.api.SeriesSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cluster read path without pushdown, as the coordinator's storage: selects from every shard and
 * merges, counting the series that would cross the network. Test-only stand-in for the node's
 * cluster {@link Queryable}.
 */
public final class FanOutStorage implements Queryable {
  final LongAdder seriesFetched = new LongAdder();
  private final List<? extends Queryable> shards;

  public FanOutStorage(List<? extends Queryable> shards) {
    this.shards = shards;
  }

  @Override
  public Querier querier(long mint, long maxt) {
    List<Querier> qs = new ArrayList<>();
    for (Queryable q : shards) {
      qs.add(q.querier(mint, maxt));
    }
    return new Querier() {
      @Override
      public SeriesSet select(boolean sorted, Matcher... matchers) {
        List<Series> all = new ArrayList<>();
        for (Querier q : qs) {
          SeriesSet s = q.select(sorted, matchers);
          while (s.next()) {
            all.add(s.at());
          }
        }
        seriesFetched.add(all.size());
        if (sorted) {
          all.sort((a, b) -> a.labels().compareTo(b.labels()));
        }
        Iterator<Series> it = all.iterator();
        return new SeriesSet() {
          private Series at;

          @Override
          public boolean next() {
            at = it.hasNext() ? it.next() : null;
            return at != null;
          }

          @Override
          public Series at() {
            return at;
          }
        };
      }

      @Override
      public List<String> labelValues(String name, Matcher... matchers) {
        TreeSet<String> s = new TreeSet<>();
        qs.forEach(q -> s.addAll(q.labelValues(name, matchers)));
        return new ArrayList<>(s);
      }

      @Override
      public List<String> labelNames(Matcher... matchers) {
        TreeSet<String> s = new TreeSet<>();
        qs.forEach(q -> s.addAll(q.labelNames(matchers)));
        return new ArrayList<>(s);
      }

      @Override
      public void close() {
        qs.forEach(Querier::close);
      }
    };
  }
}
