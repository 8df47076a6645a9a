package io.hearth.sharding.ha;

import io.hearth.sharding.api.ReplicaElections;

class LocalReplicaElectionsTest extends ReplicaElectionsContract {
  private final LocalReplicaElections store = new LocalReplicaElections();

  @Override
  protected ReplicaElections store() {
    return store;
  }
}
