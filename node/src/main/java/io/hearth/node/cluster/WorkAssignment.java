package io.hearth.node.cluster;

import io.hearth.sharding.api.ClusterView;
import io.hearth.sharding.api.Partitioning;
import io.hearth.sharding.api.Topology;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which node of a cluster runs each scrape target and rule group, by hash, and how that work moves
 * when a node hands over before it stops or returns after a stop or a kill.
 *
 * <p>Contract: the work of a hash belongs to the primary of its partition, unless that node is
 * <em>handing over</em>; then to the first copy of the partition that is not (the node that becomes
 * primary when the other leaves), else to some node that is not. A node hands over from its join
 * until it is ready ({@link #takeBackWhenReady}) and from {@link #handover} until it stops; it
 * tells every other node through the service {@value #HANDOVER} (first byte 1 handing over, 0 back,
 * then its name). A node that leaves the topology is forgotten. Every move starts the work on the
 * new node before it stops on the old one, so it is an overlap, not a gap.
 *
 * <p>Thread-safe: the assignment predicate is read by scrape and rule threads while the
 * maintenance pass, the service handler and the hand-over update it.
 */
public final class WorkAssignment {
  public static final String HANDOVER = "node.handover";
  private static final Logger LOG = Logger.getLogger(WorkAssignment.class.getName());
  /** How long one node's scrape pools may take to re-sync after an assignment change. */
  public static final long STEP_MS = 10_000;
  private static final long READY_POLL_MS = 100;

  /** What this node runs: its scrape loops and rule groups. */
  public interface Work {
    /** Applies {@code assigned} to the scrape targets; returns once the scrape pools re-synced, false after {@code timeoutMs}. */
    boolean assignTargets(LongPredicate assigned, long timeoutMs) throws InterruptedException;

    /** Re-applies the assignment to the rule groups: starts those gained (first evaluation at their next slot), stops those lost. */
    void assignGroups();

    /** Applies {@code assigned} without waiting, after the cluster's topology changed. */
    void topologyChanged(LongPredicate assigned);

    /** The scrape targets this node scrapes now. */
    int activeTargets();

    /** The rule groups this node evaluates now. */
    int ruleGroups();
  }

  /** What a hand-over achieved: the nodes that took their share, those that did not confirm in time, what this node still runs. */
  public record Handover(List<String> confirmed, List<String> unconfirmed, int targetsLeft, int groupsLeft) {}

  private final ClusterView view;
  private final Supplier<String[][]> copiesNow;
  private final String self;
  /** Nodes handing over their work: stopping, or joined and not ready yet. */
  private final Set<String> handingOver = ConcurrentHashMap.newKeySet();
  private volatile Topology topology;
  /** Each partition's copies, primary first, at {@link #topology}'s version. */
  private volatile String[][] copies;
  private volatile Work work;
  /** Set once this node hands over before it stops: it does not take its work back any more. */
  private volatile boolean handedOver;

  /** {@code copies}: each partition's live copies, primary first (as the cluster view's affinity gives them). */
  public WorkAssignment(ClusterView view, Supplier<String[][]> copies) {
    this.view = view;
    this.copiesNow = copies;
    this.topology = view.topology();
    this.copies = copies.get();
    this.self = topology.localNode();
  }

  /**
   * This node has joined and is not ready: it runs no work and tells the others to keep its share,
   * without waiting for their answers. Call once, right after the join.
   */
  public void joined() {
    handingOver.add(self);
    announce(true);
  }

  /** Serves {@value #HANDOVER} from now on, applying changes to {@code work}. */
  public void serve(Work work) {
    this.work = work;
    view.serve(HANDOVER, this::onHandover);
  }

  /** Whether this node runs the scrape target or rule group of {@code hash}. */
  public boolean assigned(long hash) {
    Topology t = topology;
    return self.equals(assignee(t, copies, Partitioning.partition(hash, t.partitions())));
  }

  /** Re-reads the topology; true (and the work re-applied without waiting) when it changed. */
  public boolean refresh() {
    Topology t = view.topology();
    if (t.version() == topology.version()) return false;
    // A node that handed over and left no longer needs skipping; this node never leaves its own view.
    handingOver.retainAll(t.nodes());
    copies = copiesNow.get();
    topology = t;
    work.topologyChanged(this::assigned);
    return true;
  }

  private String assignee(Topology t, String[][] copies, int p) {
    String primary = t.primary(p);
    if (primary == null || handingOver.isEmpty() || !handingOver.contains(primary)) return primary;
    if (copies != null && p < copies.length) {
      for (String c : copies[p]) if (!handingOver.contains(c) && t.nodes().contains(c)) return c;
    }
    List<String> staying = new ArrayList<>(t.nodes());
    staying.removeAll(handingOver);
    return staying.isEmpty() ? primary : staying.get(Math.floorMod(p, staying.size()));
  }

  private byte[] onHandover(byte[] req) throws InterruptedException {
    if (req.length < 2) throw new IllegalArgumentException("handover request without a node name");
    String node = new String(req, 1, req.length - 1, StandardCharsets.UTF_8);
    boolean changed = req[0] == 1 ? handingOver.add(node) : handingOver.remove(node);
    if (changed) {
      LOG.info(req[0] == 1 ? "node " + node + " hands over its scrape targets and rule groups (stopping, or not ready yet)"
          : "node " + node + " is ready and takes its share of scraping and rules again");
      if (req[0] == 1) gain(STEP_MS);
      else lose(STEP_MS);
    }
    return new byte[0];
  }

  /**
   * Applies the assignment where this node may gain work: targets, then groups last, so that the
   * node that then stops them (told right after) stops before the groups' next slot where it can.
   */
  private void gain(long timeoutMs) throws InterruptedException {
    work.assignTargets(this::assigned, timeoutMs);
    work.assignGroups();
  }

  /**
   * Applies the assignment where this node may lose work that another node already runs: groups
   * first (at once, so that their next slot is evaluated once, by the other node), then targets.
   */
  private void lose(long timeoutMs) throws InterruptedException {
    work.assignGroups();
    work.assignTargets(this::assigned, timeoutMs);
  }

  /** Tells every other node that this one hands over ({@code leaving}) or is back; without waiting. */
  private List<Map.Entry<String, CompletableFuture<byte[]>>> announce(boolean leaving) {
    byte[] name = self.getBytes(StandardCharsets.UTF_8);
    byte[] req = new byte[name.length + 1];
    req[0] = (byte) (leaving ? 1 : 0);
    System.arraycopy(name, 0, req, 1, name.length);
    List<Map.Entry<String, CompletableFuture<byte[]>>> calls = new ArrayList<>();
    for (String n : view.topology().nodes()) if (!n.equals(self)) calls.add(Map.entry(n, view.call(n, HANDOVER, req)));
    return calls;
  }

  /**
   * Waits until {@code ready} (this node serves every partition it is primary for and is primary of
   * every partition the affinity gives it), then starts this node's scrape loops and rule groups and
   * only then tells the others it is back, so they stop theirs after it started. Retries the nodes
   * that did not confirm, each round waiting up to {@value #STEP_MS} ms plus 5 s, until all did,
   * {@code stopping} or a {@link #handover}. Blocks: run it on a thread of its own.
   */
  public void takeBackWhenReady(BooleanSupplier ready, BooleanSupplier stopping) {
    try {
      while (!stopping.getAsBoolean() && !handedOver && !ready.getAsBoolean()) Thread.sleep(READY_POLL_MS);
      if (stopping.getAsBoolean() || handedOver) return;
      topology = view.topology();
      copies = copiesNow.get();
      handingOver.remove(self);
      long t0 = System.nanoTime();
      gain(STEP_MS);
      LOG.info("ready: this node scrapes " + work.activeTargets() + " targets and evaluates " + work.ruleGroups()
          + " rule groups at topology version " + topology.version() + ", started in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)
          + " ms; telling the others");
      Set<String> unconfirmed = new TreeSet<>(view.topology().nodes());
      unconfirmed.remove(self);
      while (!unconfirmed.isEmpty() && !stopping.getAsBoolean() && !handedOver) {
        unconfirmed.retainAll(view.topology().nodes());
        for (var call : announce(false)) {
          if (!unconfirmed.contains(call.getKey())) continue;
          try {
            call.getValue().get(STEP_MS + 5_000, TimeUnit.MILLISECONDS);
            unconfirmed.remove(call.getKey());
          } catch (ExecutionException | TimeoutException e) {
            LOG.warning("node " + call.getKey() + " did not confirm that this node is back (retrying): " + e);
          }
        }
        if (!unconfirmed.isEmpty()) Thread.sleep(1_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "taking back this node's scrape targets and rule groups failed", e);
    }
  }

  /**
   * Hands this node's work to the others before it stops: every other node is told to skip this one
   * and answers once it runs its share; then this node stops its own. Waits up to {@code timeoutMs}
   * for the others; a node that does not answer in time is named in the result.
   */
  public Handover handover(long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    handedOver = true;
    handingOver.add(self);
    List<String> confirmed = new ArrayList<>();
    List<String> unconfirmed = new ArrayList<>();
    for (var call : announce(true)) {
      try {
        call.getValue().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        confirmed.add(call.getKey());
      } catch (ExecutionException | TimeoutException e) {
        LOG.warning("node " + call.getKey() + " did not confirm the hand-over: " + e);
        unconfirmed.add(call.getKey());
      }
    }
    lose(Math.max(1_000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    Handover h = new Handover(confirmed, unconfirmed, work.activeTargets(), work.ruleGroups());
    LOG.info("handed over scrape targets and rule groups: taken by " + confirmed + (unconfirmed.isEmpty() ? "" : ", not confirmed by "
        + unconfirmed) + "; this node now scrapes " + h.targetsLeft() + " targets and evaluates " + h.groupsLeft() + " groups");
    return h;
  }
}
