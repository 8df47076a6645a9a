package io.hearth.sharding.discovery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The socket addresses the peers of {@code --cluster.peers} have now: resolved afresh on every
 * {@link #resolve()}, so that a node added behind a {@code dns+} name is found by the next call.
 * A name that does not resolve contributes nothing (logged once per change of its answer): at start
 * the records of pods that are still being scheduled are often not there yet.
 */
public final class PeerAddresses {
  private static final Logger LOG = Logger.getLogger(PeerAddresses.class.getName());
  private final List<PeerEntry> entries;
  private final NameResolver resolver;
  private final java.util.Map<String, String> lastAnswer = new java.util.concurrent.ConcurrentHashMap<>();

  public PeerAddresses(List<PeerEntry> entries, NameResolver resolver) {
    this.entries = List.copyOf(entries);
    this.resolver = resolver;
  }

  public List<PeerEntry> entries() {
    return entries;
  }

  /** True when some entry is a {@code dns+} name (the peer count can change while running). */
  public boolean dynamic() {
    return entries.stream().anyMatch(PeerEntry::allRecords);
  }

  /** Every peer address now, without duplicates, sorted by address then port. */
  public List<InetSocketAddress> resolve() {
    Set<InetSocketAddress> out = new LinkedHashSet<>();
    for (PeerEntry e : entries) {
      try {
        List<InetSocketAddress> addrs = e.allRecords() ? resolver.resolve(e.host(), e.port())
            : List.of(new InetSocketAddress(InetAddress.getByName(e.host()), e.port()));
        note(e, addrs.toString());
        out.addAll(addrs);
      } catch (UnknownHostException ex) {
        note(e, "does not resolve (" + ex.getMessage() + ")");
      }
    }
    List<InetSocketAddress> sorted = new ArrayList<>(out);
    sorted.sort(ORDER);
    return sorted;
  }

  /** By address bytes (shorter, IPv4, first), then port: every node sorts the same addresses the same way. */
  public static final Comparator<InetSocketAddress> ORDER = (a, b) -> {
    byte[] x = a.getAddress() == null ? new byte[0] : a.getAddress().getAddress();
    byte[] y = b.getAddress() == null ? new byte[0] : b.getAddress().getAddress();
    if (x.length != y.length) return Integer.compare(x.length, y.length);
    for (int i = 0; i < x.length; i++) {
      int c = Integer.compare(x[i] & 0xff, y[i] & 0xff);
      if (c != 0) return c;
    }
    return Integer.compare(a.getPort(), b.getPort());
  };

  private void note(PeerEntry e, String answer) {
    String before = lastAnswer.put(e.toString(), answer);
    if (!answer.equals(before)) LOG.info("cluster peer " + e + ": " + answer);
  }

  @Override
  public String toString() {
    return entries.toString();
  }
}
