package io.hearth.sharding.ha;

import io.hearth.sharding.api.ReplicaElection;
import io.hearth.sharding.api.ReplicaElections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Elections held in this process only: right for a single node, where this process is the whole
 * cluster. Compare-and-set by {@link ConcurrentHashMap}'s atomic {@code putIfAbsent} and {@code
 * replace}, which compare elections by value as the contract requires.
 */
public final class LocalReplicaElections implements ReplicaElections {
  private final ConcurrentHashMap<String, ReplicaElection> elections = new ConcurrentHashMap<>();

  @Override
  public ReplicaElection get(String cluster) {
    return elections.get(cluster);
  }

  @Override
  public ReplicaElection putIfAbsent(String cluster, ReplicaElection election) {
    ReplicaElection before = elections.putIfAbsent(cluster, election);
    return before == null ? election : before;
  }

  @Override
  public boolean replace(String cluster, ReplicaElection expected, ReplicaElection next) {
    return elections.replace(cluster, expected, next);
  }

  @Override
  public Map<String, ReplicaElection> all() {
    return new TreeMap<>(elections);
  }
}
