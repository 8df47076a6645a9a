package io.hearth.sharding.discovery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the name of a {@code dns+NAME:PORT} peer entry into the addresses of the peers it stands for now.
 *
 * <p>Contract: returns every peer address the name has at the time of the call, in any order, never
 * null and never empty; the JDK implementation gives one address per A (or AAAA) record, each with
 * {@code port} (for a headless Kubernetes Service: one per pod). A name that does not resolve (unknown,
 * or no records yet) throws {@link UnknownHostException}. Each call asks again: callers rely on records
 * that change over time being seen by a later call (within the resolver's own cache time). Must be
 * safe to call from several threads.
 */
public interface NameResolver {
  List<InetSocketAddress> resolve(String name, int port) throws UnknownHostException;

  /** The JDK's resolver ({@link InetAddress#getAllByName}): the system's DNS with the JVM's cache (30 s by default). */
  static NameResolver jdk() {
    return (name, port) -> {
      List<InetSocketAddress> out = new ArrayList<>();
      for (InetAddress a : InetAddress.getAllByName(name)) out.add(new InetSocketAddress(a, port));
      return out;
    };
  }
}
