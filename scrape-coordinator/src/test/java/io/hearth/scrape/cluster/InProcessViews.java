package io.hearth.scrape.cluster;

import io.hearth.sharding.api.ClusterView;
import io.hearth.sharding.api.Topology;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link ClusterView}s of several nodes in one JVM: calls run the named node's handler on another
 * thread, bytes in and out; the topology makes {@link #leader} the primary of every partition.
 */
public final class InProcessViews {
  private final Map<String, Map<String, ClusterView.Handler>> handlers = new ConcurrentHashMap<>();
  public final List<String> nodes = new CopyOnWriteArrayList<>();
  public volatile String leader;

  public InProcessViews(String... names) {
    nodes.addAll(List.of(names));
    leader = names[0];
  }

  public ClusterView view(String me) {
    handlers.put(me, new ConcurrentHashMap<>());
    return new ClusterView() {
      @Override
      public Topology topology() {
        String[] p = new String[4];
        java.util.Arrays.fill(p, leader);
        return new Topology(0, me, List.copyOf(nodes), p);
      }

      @Override
      public CompletableFuture<byte[]> call(String node, String service, byte[] request) {
        return CompletableFuture.supplyAsync(() -> {
          try {
            return handlers.get(node).get(service).handle(request);
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        });
      }

      @Override
      public void serve(String service, Handler handler) {
        handlers.get(me).put(service, handler);
      }
    };
  }
}
