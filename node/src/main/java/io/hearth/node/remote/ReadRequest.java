package io.hearth.node.remote;

import io.hearth.node.remote.RemoteProtocolException.BadRequest;
import io.hearth.sharding.api.Matcher;
import java.util.List;
import java.util.Set;

/**
 * A decoded {@code prometheus.ReadRequest}.
 *
 * @param queries in request order; answers go back in the same order
 * @param acceptedResponseTypes the raw wire numbers, in the client's order of preference (unknown
 *     numbers kept, for the error text)
 */
public record ReadRequest(List<Query> queries, List<Integer> acceptedResponseTypes) {

  /**
   * The first accepted response type this server supports; SAMPLES when the client lists none, as
   * Prometheus does for old clients.
   *
   * @throws BadRequest ({@code UNSUPPORTED_RESPONSE_TYPE}, HTTP 400) with Prometheus's text, e.g.
   *     {@code server does not support any of the requested response types: [STREAMED_XOR_CHUNKS];
   *     supported: map[SAMPLES:{}]}
   */
  public ReadResponseType negotiate(Set<ReadResponseType> supported) {
    if (acceptedResponseTypes.isEmpty() && supported.contains(ReadResponseType.SAMPLES)) {
      return ReadResponseType.SAMPLES;
    }
    List<Integer> asked = acceptedResponseTypes.isEmpty() ? List.of(ReadResponseType.SAMPLES.number()) : acceptedResponseTypes;
    for (int n : asked) {
      ReadResponseType t = ReadResponseType.ofNumber(n);
      if (t != null && supported.contains(t)) {
        return t;
      }
    }
    StringBuilder sb = new StringBuilder("server does not support any of the requested response types: [");
    for (int i = 0; i < asked.size(); i++) {
      if (i > 0) {
        sb.append(' ');
      }
      ReadResponseType t = ReadResponseType.ofNumber(asked.get(i));
      sb.append(t == null ? asked.get(i).toString() : t.name());
    }
    sb.append("]; supported: map[");
    boolean first = true;
    for (ReadResponseType t : ReadResponseType.values()) {
      if (supported.contains(t)) {
        sb.append(first ? "" : " ").append(t.name()).append(":{}");
        first = false;
      }
    }
    throw new BadRequest(BadRequest.Reason.UNSUPPORTED_RESPONSE_TYPE, sb.append(']').toString());
  }

  /**
   * One query: series matching all {@code matchers} with samples in {@code [startMs, endMs]}.
   *
   * @param hints null when the client sent none
   */
  public record Query(long startMs, long endMs, List<Matcher> matchers, Hints hints) {}

  /** {@code prometheus.ReadHints}: what the querying engine will do with the data. Advisory. */
  public record Hints(long stepMs, String func, long startMs, long endMs, List<String> grouping, boolean by, long rangeMs) {}
}
