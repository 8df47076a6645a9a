package io.hearth.sharding.api;

import java.util.concurrent.CompletableFuture;

/**
 * The cluster as the rest of Hearth sees it: who owns which partition now, and a way to call a
 * named service on another node. The one seam between routing, scatter-gather and Ignite.
 *
 * <p>Calls carry opaque bytes; each service defines its own request and response format. A
 * handler's {@link StorageException} (and its subclass: {@link StorageException.NotOwner},
 * {@link StorageException.Overloaded}, {@link StorageException.Unavailable}) and {@link
 * IllegalArgumentException} (a bad request) are rethrown on the caller with the same class and
 * message; any other failure of the handler completes the future with a {@link StorageException}
 * naming the node and the service; a node that left, or one that does not serve the service (yet),
 * with {@link StorageException.Unavailable}. The tests' {@code ClusterViewContract} states this for
 * every implementation. Thread-safe.
 */
public interface ClusterView {
  /** The current ownership snapshot. */
  Topology topology();

  /** Calls {@code service} on {@code node} (may be the local node: then runs in the caller's thread or a pool). */
  CompletableFuture<byte[]> call(String node, String service, byte[] request);

  /** Registers this node's handler for {@code service}; replaces an earlier one. */
  void serve(String service, Handler handler);

  @FunctionalInterface
  interface Handler {
    byte[] handle(byte[] request) throws Exception;
  }
}
