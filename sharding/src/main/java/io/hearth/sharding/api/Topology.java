package io.hearth.sharding.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who serves which partition, at one affinity version: the snapshot a write is routed by and a
 * query reads at. Immutable.
 *
 * @param version affinity topology version; grows whenever ownership may have changed
 * @param localNode the name (consistent id) of this node
 * @param nodes the live server nodes, sorted
 * @param primaries the node serving each partition ({@code primaries[p]}); null when no live node
 *     holds a copy of it
 */
public record Topology(long version, String localNode, List<String> nodes, String[] primaries) {
  public int partitions() {
    return primaries.length;
  }

  public String primary(int partition) {
    return primaries[partition];
  }

  /** Partitions by serving node, in node order; partitions with no live copy are left out. */
  public Map<String, int[]> partitionsByNode() {
    Map<String, List<Integer>> m = new LinkedHashMap<>();
    for (String n : nodes) m.put(n, new ArrayList<>());
    for (int p = 0; p < primaries.length; p++) {
      if (primaries[p] != null) m.computeIfAbsent(primaries[p], k -> new ArrayList<>()).add(p);
    }
    Map<String, int[]> out = new LinkedHashMap<>();
    m.forEach((n, l) -> {
      if (!l.isEmpty()) out.put(n, l.stream().mapToInt(Integer::intValue).toArray());
    });
    return out;
  }

  /** Partitions with no live copy: a query must not pretend to answer for them. */
  public List<Integer> unservedPartitions() {
    List<Integer> out = new ArrayList<>();
    for (int p = 0; p < primaries.length; p++) if (primaries[p] == null) out.add(p);
    return out;
  }

  /** A topology of one node serving every partition. */
  public static Topology single(String node, int partitions) {
    String[] p = new String[partitions];
    java.util.Arrays.fill(p, node);
    return new Topology(0, node, List.of(node), p);
  }
}
