package io.hearth.sharding.discovery;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of {@code --cluster.peers}: either a fixed {@code HOST:PORT} (a host name is resolved
 * to one address) or {@code dns+NAME:PORT}, whose every A record is a peer listening on PORT (a
 * headless Service, whose records follow the pods).
 *
 * @param host the host or DNS name, without the {@code dns+} prefix
 * @param port the discovery port
 * @param allRecords true for a {@code dns+} entry: every address of the name is a peer
 */
public record PeerEntry(String host, int port, boolean allRecords) {
  /** The prefix that marks a name whose every A record is a peer. */
  public static final String DNS_PREFIX = "dns+";

  /**
   * Parses one entry.
   *
   * @throws IllegalArgumentException naming the entry and what is wrong with it
   */
  public static PeerEntry parse(String entry) {
    String s = entry.trim();
    boolean dns = s.startsWith(DNS_PREFIX);
    String rest = dns ? s.substring(DNS_PREFIX.length()) : s;
    int colon = rest.lastIndexOf(':');
    String expected = dns ? "dns+NAME:PORT" : "HOST:PORT or dns+NAME:PORT";
    if (colon <= 0 || colon == rest.length() - 1) {
      throw new IllegalArgumentException("invalid peer \"" + entry + "\": expected " + expected);
    }
    String host = rest.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    if (host.isEmpty() || host.contains("/") || host.contains(" ")) {
      throw new IllegalArgumentException("invalid peer \"" + entry + "\": bad host \"" + host + "\", expected " + expected);
    }
    int port;
    try {
      port = Integer.parseInt(rest.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid peer \"" + entry + "\": port \"" + rest.substring(colon + 1) + "\" is not a number");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("invalid peer \"" + entry + "\": port " + port + " is outside 1-65535");
    }
    return new PeerEntry(host, port, dns);
  }

  /** Parses every entry; an empty list is a single node. */
  public static List<PeerEntry> parseAll(List<String> entries) {
    List<PeerEntry> out = new ArrayList<>();
    for (String e : entries) {
      if (!e.isBlank()) out.add(parse(e));
    }
    return out;
  }

  @Override
  public String toString() {
    return (allRecords ? DNS_PREFIX : "") + host + ":" + port;
  }
}
