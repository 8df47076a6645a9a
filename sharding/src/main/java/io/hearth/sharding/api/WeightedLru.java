package io.hearth.sharding.api;

import java.util.LinkedHashMap;
import java.util.function.ToLongFunction;

/**
 * A least-recently-used map bounded by the summed weight of its values (the head's decoded segment
 * payloads and index blocks, the query API's range results): what is read again stays, and memory
 * stays bounded. A value put is kept even when it alone outweighs the bound; callers that must
 * not let one value flush the rest refuse it first. Thread-safe.
 */
public final class WeightedLru<K, V> {
  private final long maxWeight;
  private final ToLongFunction<V> weigher;
  private long weight;
  private final LinkedHashMap<K, V> map = new LinkedHashMap<>(64, 0.75f, true);

  public WeightedLru(long maxWeight, ToLongFunction<V> weigher) {
    this.maxWeight = maxWeight;
    this.weigher = weigher;
  }

  public synchronized V get(K k) {
    return map.get(k);
  }

  public synchronized void put(K k, V v) {
    V old = map.put(k, v);
    if (old != null) weight -= weigher.applyAsLong(old);
    weight += weigher.applyAsLong(v);
    var it = map.entrySet().iterator();
    while (weight > maxWeight && it.hasNext()) {
      var e = it.next();
      if (e.getKey().equals(k)) continue;
      weight -= weigher.applyAsLong(e.getValue());
      it.remove();
    }
  }

  public synchronized void remove(K k) {
    V old = map.remove(k);
    if (old != null) weight -= weigher.applyAsLong(old);
  }

  public synchronized long weight() {
    return weight;
  }
}
