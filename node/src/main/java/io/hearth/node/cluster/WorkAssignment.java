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
 * tells every other node through the service {@value #HANDOVER_AT} (first byte 1 handing over, 0
 * back, then the move's time as 8 bytes of wall-clock epoch ns, then its name). A node that leaves
 * the topology is forgotten.
 *
 * <p>A scrape target moves as an overlap: it starts on the new node before it stops on the old one.
 * A rule group moves at a slot boundary instead: the node that announces a move names a time
 * {@value #MOVE_LEAD_MS} ms ahead; the node losing the group evaluates its slots before that time
 * and the node gaining it those from it on, so each slot is evaluated once, neither twice nor not at
 * all, as long as the announcement arrives within the lead. A node that left without a word (killed)
 * has its groups started by the others at their next slot once the topology drops it. Nodes of an
 * earlier release serve only {@value #HANDOVER} (the same without the time; they move at once):
 * a node whose {@value #HANDOVER_AT} call fails is sent that instead.
 *
 * <p>Thread-safe: the assignment predicate is read by scrape and rule threads while the
 * maintenance pass, the service handler and the hand-over update it.
 */
public final class WorkAssignment {
  public static final String HANDOVER = "node.handover";
  public static final String HANDOVER_AT = "node.handover.at";
  /** How far ahead a rule group's move is announced: longer than a call takes on a loaded node. */
  public static final long MOVE_LEAD_MS = 2_000;
  private static final Logger LOG = Logger.getLogger(WorkAssignment.class.getName());
  /** How long one node's scrape pools may take to re-sync after an assignment change. */
  public static final long STEP_MS = 10_000;
  private static final long READY_POLL_MS = 100;

  /** What this node runs: its scrape loops and rule groups. */
  public interface Work {
    /** Applies {@code assigned} to the scrape targets; returns once the scrape pools re-synced, false after {@code timeoutMs}. */
    boolean assignTargets(LongPredicate assigned, long timeoutMs) throws InterruptedException;

    /**
     * Re-applies the assignment to the rule groups at the wall-clock time {@code atNs} (epoch ns): those lost are
     * evaluated at their slots before it, those gained from their first slot at or after it; a time that has
     * passed moves them now. Does not wait for a future time.
     */
    void assignGroups(long atNs);

    /** Returns once the groups moved away at a future time by {@link #assignGroups} evaluate no more. */
    void awaitGroupsMoved() throws InterruptedException;

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
    announce(true, wallNanos());
  }

  private static long wallNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** Serves {@value #HANDOVER} from now on, applying changes to {@code work}. */
  public void serve(Work work) {
    this.work = work;
    view.serve(HANDOVER_AT, this::onHandoverAt);
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

  /** {@value #HANDOVER} (an earlier release's call): the move happens now. */
  private byte[] onHandover(byte[] req) throws InterruptedException {
    if (req.length < 2) throw new IllegalArgumentException("handover request without a node name");
    return apply(req[0] == 1, new String(req, 1, req.length - 1, StandardCharsets.UTF_8), wallNanos());
  }

  private byte[] onHandoverAt(byte[] req) throws InterruptedException {
    if (req.length < 10) throw new IllegalArgumentException("handover request of " + req.length + " bytes, without a time and a node name");
    long atNs = java.nio.ByteBuffer.wrap(req, 1, 8).getLong();
    return apply(req[0] == 1, new String(req, 9, req.length - 9, StandardCharsets.UTF_8), atNs);
  }

  private byte[] apply(boolean leaving, String node, long atNs) throws InterruptedException {
    boolean changed = leaving ? handingOver.add(node) : handingOver.remove(node);
    if (changed) {
      LOG.info(leaving ? "node " + node + " hands over its scrape targets and rule groups (stopping, or not ready yet)"
          : "node " + node + " is ready and takes its share of scraping and rules again");
      reapply(STEP_MS, atNs);
    }
    return new byte[0];
  }

  /**
   * Re-applies the assignment after another node's move: groups at {@code atNs} (without waiting
   * for it), then targets, waiting up to {@code timeoutMs} for the scrape pools.
   */
  private void reapply(long timeoutMs, long atNs) throws InterruptedException {
    work.assignGroups(atNs);
    work.assignTargets(this::assigned, timeoutMs);
  }

  /**
   * Tells every other node that this one hands over ({@code leaving}) or is back, with rule groups
   * moving at {@code atNs}; without waiting. A node that fails the call is sent the earlier
   * release's form, which moves its groups at once.
   */
  private List<Map.Entry<String, CompletableFuture<byte[]>>> announce(boolean leaving, long atNs) {
    byte[] name = self.getBytes(StandardCharsets.UTF_8);
    byte[] req = new byte[name.length + 1];
    req[0] = (byte) (leaving ? 1 : 0);
    System.arraycopy(name, 0, req, 1, name.length);
    byte[] reqAt = java.nio.ByteBuffer.allocate(name.length + 9).put(req[0]).putLong(atNs).put(name).array();
    List<Map.Entry<String, CompletableFuture<byte[]>>> calls = new ArrayList<>();
    for (String n : view.topology().nodes()) {
      if (n.equals(self)) continue;
      calls.add(Map.entry(n, view.call(n, HANDOVER_AT, reqAt).exceptionallyCompose(e -> view.call(n, HANDOVER, req))));
    }
    return calls;
  }

  /**
   * Waits until {@code ready} (this node serves every partition it is primary for and is primary of
   * every partition the affinity gives it), then starts this node's scrape loops, and only then
   * tells the others it is back, so they stop theirs after it started; its rule groups move at
   * {@value #MOVE_LEAD_MS} ms after that (see the class comment). Retries the nodes
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
      // Targets first (they overlap); the groups' time is taken after, so that the others are told
      // well before it however long the targets took.
      work.assignTargets(this::assigned, STEP_MS);
      long atNs = wallNanos() + TimeUnit.MILLISECONDS.toNanos(MOVE_LEAD_MS);
      work.assignGroups(atNs);
      LOG.info("ready: this node scrapes " + work.activeTargets() + " targets and evaluates " + work.ruleGroups()
          + " rule groups (from " + java.time.Instant.ofEpochSecond(0, atNs) + ") at topology version " + topology.version()
          + ", started in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms; telling the others");
      Set<String> unconfirmed = new TreeSet<>(view.topology().nodes());
      unconfirmed.remove(self);
      while (!unconfirmed.isEmpty() && !stopping.getAsBoolean() && !handedOver) {
        unconfirmed.retainAll(view.topology().nodes());
        for (var call : announce(false, atNs)) {
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
   * and answers once it runs its share; then this node stops its own targets. Its rule groups move
   * {@value #MOVE_LEAD_MS} ms after the call (see the class comment); returns once they did. Waits
   * up to {@code timeoutMs} for the others; a node that does not answer in time is named in the
   * result.
   */
  public Handover handover(long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    handedOver = true;
    handingOver.add(self);
    long atNs = wallNanos() + TimeUnit.MILLISECONDS.toNanos(MOVE_LEAD_MS);
    // This node's groups stop at that time whatever the others answer, so none is evaluated twice.
    work.assignGroups(atNs);
    List<String> confirmed = new ArrayList<>();
    List<String> unconfirmed = new ArrayList<>();
    for (var call : announce(true, atNs)) {
      try {
        call.getValue().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        confirmed.add(call.getKey());
      } catch (ExecutionException | TimeoutException e) {
        LOG.warning("node " + call.getKey() + " did not confirm the hand-over: " + e);
        unconfirmed.add(call.getKey());
      }
    }
    work.assignTargets(this::assigned, Math.max(1_000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    work.awaitGroupsMoved();
    Handover h = new Handover(confirmed, unconfirmed, work.activeTargets(), work.ruleGroups());
    LOG.info("handed over scrape targets and rule groups: taken by " + confirmed + (unconfirmed.isEmpty() ? "" : ", not confirmed by "
        + unconfirmed) + "; this node now scrapes " + h.targetsLeft() + " targets and evaluates " + h.groupsLeft() + " groups");
    return h;
  }
}
