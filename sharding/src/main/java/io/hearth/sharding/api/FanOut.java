package io.hearth.sharding.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request to every node of the topology, answers gathered under one deadline: the shape of a
 * cluster-wide read (exemplars, metadata) that must not answer from part of the cluster.
 */
public final class FanOut {
  private FanOut() {}

  /**
   * Calls {@code service} with {@code request} on every node of {@code view}'s current topology in
   * parallel and returns their answers in the topology's node order.
   *
   * @param what what is gathered, for the error ({@code "exemplars"})
   * @throws StorageException.Unavailable when a node fails or does not answer within {@code deadlineMs}
   */
  public static List<byte[]> everyNode(ClusterView view, String service, byte[] request, long deadlineMs, String what) {
    List<String> nodes = view.topology().nodes();
    List<CompletableFuture<byte[]>> calls = new ArrayList<>(nodes.size());
    for (String n : nodes) calls.add(view.call(n, service, request));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMs);
    List<byte[]> answers = new ArrayList<>(nodes.size());
    for (int i = 0; i < calls.size(); i++) {
      try {
        answers.add(calls.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StorageException.Unavailable("interrupted while gathering " + what + " from node " + nodes.get(i));
      } catch (Exception e) {
        throw new StorageException.Unavailable("no " + what + " from node " + nodes.get(i) + " within " + deadlineMs + " ms: " + e, e);
      }
    }
    return answers;
  }
}
