package io.hearth.sharding.ignite;

import io.hearth.sharding.discovery.PeerAddresses;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.logging.Logger;
import org.apache.ignite.spi.IgniteSpiException;
import org.apache.ignite.spi.discovery.tcp.ipfinder.TcpDiscoveryIpFinderAdapter;

/**
 * Ignite's discovery asks this for the addresses to join through: the peers of {@code --cluster.peers}
 * resolved afresh on every call (Ignite calls it again every two seconds while it looks for a
 * cluster), so nodes that appear behind a {@code dns+} name later are found.
 *
 * <p>Forming a new cluster: Ignite lets a node that finds its own address in the list and reaches no
 * other become the first node of a new cluster, and also one that gets an empty list. So this node's
 * own address is listed only when the answer holds it (a node whose DNS record is not published yet
 * only joins), and until the node has joined, an empty answer (names that do not resolve yet) is not
 * handed to Ignite: the call waits, asking again every second. A lone node (no peers configured) lists
 * just itself. Not shared: Ignite never registers addresses here.
 */
final class PeerIpFinder extends TcpDiscoveryIpFinderAdapter {
  private static final Logger LOG = Logger.getLogger(PeerIpFinder.class.getName());
  private final PeerAddresses peers;
  private final InetSocketAddress self;
  private volatile boolean joined;

  PeerIpFinder(PeerAddresses peers, InetSocketAddress self) {
    this.peers = peers;
    this.self = self;
    setShared(false);
  }

  /** Called once the node is in a cluster: from then on an empty answer is handed to Ignite as it is. */
  void joined() {
    joined = true;
  }

  @Override
  public Collection<InetSocketAddress> getRegisteredAddresses() {
    if (peers.entries().isEmpty()) return List.of(self);
    long since = System.nanoTime();
    long logged = since;
    while (true) {
      List<InetSocketAddress> out = peers.resolve();
      if (!out.isEmpty() || joined) return out;
      if (System.nanoTime() - logged > 10_000_000_000L) {
        logged = System.nanoTime();
        LOG.info("waiting for the cluster peers " + peers + " to resolve (" + (logged - since) / 1_000_000_000L + " s)");
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IgniteSpiException("interrupted while waiting for the cluster peers " + peers + " to resolve");
      }
    }
  }

  @Override
  public void registerAddresses(Collection<InetSocketAddress> addrs) {
    // not shared: the peers come from --cluster.peers only
  }

  @Override
  public void unregisterAddresses(Collection<InetSocketAddress> addrs) {
    // not shared
  }
}
