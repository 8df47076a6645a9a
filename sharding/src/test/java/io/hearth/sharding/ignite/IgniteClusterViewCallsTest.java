package io.hearth.sharding.ignite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.hearth.sharding.testing.LoopbackPorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.cluster.ClusterNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls between nodes of this release travel as {@link IgniteClusterView.ServiceCall} (marshalled
 * as bytes, without Ignite's hash over them) and arrive byte for byte; a {@link
 * IgniteClusterView.ServiceJob}, the form an earlier release sends during a rolling upgrade, is
 * still served.
 */
class IgniteClusterViewCallsTest {
  @TempDir Path dir;
  private final List<IgniteStore> stores = new ArrayList<>();
  private final List<IgniteClusterView> views = new ArrayList<>();

  @AfterEach
  void stopAll() {
    for (IgniteClusterView v : views) v.close();
    ZoneAwareAffinityTest.closeAll(stores);
  }

  @Test
  void aCallClaimingMoreBytesThanItsMessageHoldsEndsAtTheMessageWithoutAllocatingTheClaim() throws Exception {
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(buf)) {
      out.writeUTF("write");
      out.writeInt(Integer.MAX_VALUE - 16);
      out.write(new byte[10]);
    }
    IgniteClusterView.ServiceCall call = new IgniteClusterView.ServiceCall();
    java.io.EOFException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.EOFException.class, () -> {
      try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(buf.toByteArray()))) {
        call.readExternal(in);
      }
    });
    assertEquals("call write claims " + (Integer.MAX_VALUE - 16) + " bytes; its message ended after 10", e.getMessage());
  }

  @Test
  void aCallLargerThanOneReadStepArrivesWhole() throws Exception {
    byte[] request = new byte[3 * IgniteClusterView.CALL_READ_STEP + 17];
    new SplittableRandom(3).nextBytes(request);
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(buf)) {
      new IgniteClusterView.ServiceCall("write", request).writeExternal(out);
    }
    IgniteClusterView.ServiceCall call = new IgniteClusterView.ServiceCall();
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(buf.toByteArray()))) {
      call.readExternal(in);
    }
    assertArrayEquals(request, call.request());
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void aRemoteCallCarriesItsBytesExactlyInEitherFormAndNodesOfThisReleaseTakeTheExternalizableOne() throws Exception {
    int[] disco = {LoopbackPorts.free(), LoopbackPorts.free()};
    List<String> peers = List.of("127.0.0.1:" + disco[0], "127.0.0.1:" + disco[1]);
    List<CompletableFuture<IgniteStore>> starting = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      IgniteSettings s = new IgniteSettings("k" + i, dir.resolve("k" + i), "127.0.0.1", disco[i], LoopbackPorts.free(), peers,
          16, 2, 64L << 20, Durability.LOG_ONLY).withBootstrapExpect(2);
      starting.add(CompletableFuture.supplyAsync(() -> IgniteStore.start(s)));
    }
    for (CompletableFuture<IgniteStore> f : starting) stores.add(f.get(120, TimeUnit.SECONDS));
    for (IgniteStore s : stores) views.add(new IgniteClusterView(s));
    // The handler answers the request reversed, so an answer proves the bytes it was given.
    for (IgniteClusterView v : views) {
      v.serve("reverse", req -> {
        byte[] out = new byte[req.length];
        for (int i = 0; i < req.length; i++) out[i] = req[req.length - 1 - i];
        return out;
      });
    }
    byte[] request = new byte[300_000];
    new SplittableRandom(7).nextBytes(request);
    byte[] reversed = new byte[request.length];
    for (int i = 0; i < request.length; i++) reversed[i] = request[request.length - 1 - i];

    ClusterNode remote = stores.get(0).ignite().cluster().forRemotes().forServers().node();
    assertInstanceOf(IgniteClusterView.ServiceCall.class, IgniteClusterView.job(remote, "reverse", request));
    assertArrayEquals(reversed, views.get(0).call("k1", "reverse", request).get(60, TimeUnit.SECONDS));
    assertArrayEquals(new byte[0], views.get(0).call("k1", "reverse", new byte[0]).get(60, TimeUnit.SECONDS));

    // An earlier release's form, sent as it sends it: answered with the status byte then the payload.
    byte[] framed = stores.get(0).ignite().compute(stores.get(0).ignite().cluster().forNode(remote))
        .call(new IgniteClusterView.ServiceJob("reverse", request));
    assertEquals(0, framed[0], "status byte");
    assertArrayEquals(reversed, Arrays.copyOfRange(framed, 1, framed.length));
  }
}
