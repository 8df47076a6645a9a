package io.hearth.node.metadata;

import io.hearth.node.api.FederateApi;
import io.hearth.sharding.api.ClusterView;
import io.hearth.sharding.api.FanOut;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.wire.ByteSink;
import io.hearth.sharding.wire.ByteSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metadata {@code /federate} writes with {@code --web.federate.metadata}: per family name the
 * newest (type, help) a {@link MetadataStore} holds. A node keeps the metadata of what it scraped or
 * received, so in a cluster a lookup asks every node of the topology ({@value #SERVICE}) and takes,
 * per family, the answer of the first node in topology order that knows it. A node that does not
 * answer within {@link #DEADLINE_MS} fails the lookup ({@link StorageException.Unavailable}, a 503):
 * never a silent partial answer.
 *
 * <p>Wire: request the name count, then the names; answer the count of names known, then per name
 * the name, type and help (strings).
 */
public final class FederationMetadata implements FederateApi.MetadataSource {
  public static final String SERVICE = "metadata.families";
  static final long DEADLINE_MS = 5_000;

  private final ClusterView view;
  private final MetadataStore local;

  private FederationMetadata(ClusterView view, MetadataStore local) {
    this.view = view;
    this.local = local;
  }

  /** This node's metadata only (a single node). */
  public static FederationMetadata local(MetadataStore store) {
    return new FederationMetadata(null, store);
  }

  /** Every node's metadata; also answers this node's part of other nodes' lookups from {@code store}. */
  public static FederationMetadata cluster(ClusterView view, MetadataStore store) {
    view.serve(SERVICE, req -> {
      ByteSource in = new ByteSource().reset(req, 0, req.length, "metadata families request");
      int n = (int) in.readUvarint();
      List<String> names = new ArrayList<>(Math.min(n, 1024));
      for (int i = 0; i < n; i++) names.add(in.readString());
      return encode(newest(store, names));
    });
    return new FederationMetadata(view, store);
  }

  @Override
  public Map<String, FederateApi.Family> families(Set<String> families) {
    if (view == null || families.isEmpty()) return newest(local, families);
    ByteSink req = new ByteSink(16 + families.size() * 24);
    req.writeUvarint(families.size());
    for (String f : families) req.writeString(f);
    byte[] request = req.toByteArray();
    Map<String, FederateApi.Family> out = new HashMap<>();
    for (byte[] answer : FanOut.everyNode(view, SERVICE, request, DEADLINE_MS, "metadata")) decode(answer).forEach(out::putIfAbsent);
    return out;
  }

  /** The newest entry of each of {@code names} that {@code store} knows. */
  private static Map<String, FederateApi.Family> newest(MetadataStore store, Iterable<String> names) {
    Map<String, FederateApi.Family> out = new HashMap<>();
    for (String name : names) {
      List<MetadataStore.Metadata> l = store.family(name);
      if (l.isEmpty()) continue;
      MetadataStore.Metadata m = l.get(l.size() - 1);
      out.put(name, new FederateApi.Family(m.type(), m.help()));
    }
    return out;
  }

  private static byte[] encode(Map<String, FederateApi.Family> known) {
    ByteSink out = new ByteSink(16 + known.size() * 64);
    out.writeUvarint(known.size());
    known.forEach((name, f) -> {
      out.writeString(name);
      out.writeString(f.type());
      out.writeString(f.help());
    });
    return out.toByteArray();
  }

  private static Map<String, FederateApi.Family> decode(byte[] b) {
    ByteSource in = new ByteSource().reset(b, 0, b.length, "metadata families answer");
    int n = (int) in.readUvarint();
    Map<String, FederateApi.Family> out = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String name = in.readString();
      out.put(name, new FederateApi.Family(in.readString(), in.readString()));
    }
    return out;
  }
}
