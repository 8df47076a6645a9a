package io.hearth.sharding.api;

import java.util.concurrent.CompletableFuture;

/**
 * The cluster as the rest of Hearth sees it: who owns which partition now, and a way to call a
 * named service on another node. The one seam between routing, scatter-gather and Ignite.
 *
 * <p>Calls carry opaque bytes; each service defines its own request and response format. A
 * handler's {@link StorageException} (and its subclass: {@link StorageException.NotOwner},
 * {@link StorageException.Overloaded}, {@link StorageException.Unavailable}) is rethrown on the
 * caller with the same class and message; any other failure, and a node that left, complete the
 * future with {@link StorageException.Unavailable}. Thread-safe.
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
