package io.hearth.sharding.head;

import java.util.LinkedHashMap;
import java.util.function.ToLongFunction;

/**
 * A least-recently-used map bounded by the summed weight of its values (decoded segment payloads,
 * decoded index blocks): what queries read again stays, and memory stays bounded whatever the
 * data on disk. Thread-safe.
 */
final class WeightedLru<V> {
  private final long maxWeight;
  private final ToLongFunction<V> weigher;
  private long weight;
  private final LinkedHashMap<Long, V> map = new LinkedHashMap<>(64, 0.75f, true);

  WeightedLru(long maxWeight, ToLongFunction<V> weigher) {
    this.maxWeight = maxWeight;
    this.weigher = weigher;
  }

  synchronized V get(long k) {
    return map.get(k);
  }

  synchronized void put(long k, V v) {
    V old = map.put(k, v);
    if (old != null) weight -= weigher.applyAsLong(old);
    weight += weigher.applyAsLong(v);
    var it = map.entrySet().iterator();
    while (weight > maxWeight && it.hasNext()) {
      var e = it.next();
      if (e.getKey() == k) continue;
      weight -= weigher.applyAsLong(e.getValue());
      it.remove();
    }
  }

  synchronized void remove(long k) {
    V old = map.remove(k);
    if (old != null) weight -= weigher.applyAsLong(old);
  }

  synchronized long weight() {
    return weight;
  }
}
