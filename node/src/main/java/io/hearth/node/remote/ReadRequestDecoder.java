package io.hearth.node.remote;

import static io.hearth.sharding.wire.ProtoReader.LEN;
import static io.hearth.sharding.wire.ProtoReader.VARINT;

import io.hearth.node.remote.RemoteProtocolException.BadRequest;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.wire.ProtoReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a remote-read {@code prometheus.ReadRequest} (already decompressed with {@link
 * RemoteWriteBody}) into a {@link ReadRequest}.
 *
 * <p>Wire: {@code ReadRequest{queries=1, accepted_response_types=2 (packed or not)}}, {@code
 * Query{start_timestamp_ms=1, end_timestamp_ms=2, matchers=3, hints=4}}, {@code
 * LabelMatcher{type=1 (EQ=0, NEQ=1, RE=2, NRE=3), name=2, value=3}}, {@code ReadHints{step_ms=1,
 * func=2, start_ms=3, end_ms=4, grouping=5, by=6, range_ms=7}}. Errors are {@link BadRequest}
 * (HTTP 400): gogo's texts for a malformed body, Prometheus's {@code invalid matcher type} for a
 * type past NRE, and the regular-expression error of {@link Matcher#of} for one that does not
 * compile. Strings are decoded leniently (the request is a query, not an identity). Stateless.
 */
public final class ReadRequestDecoder {
  private ReadRequestDecoder() {}

  public static ReadRequest decode(byte[] buf, int off, int len) {
    ProtoReader r = new ProtoReader(BadRequest::malformedProtobuf).reset(buf, off, len);
    List<ReadRequest.Query> queries = new ArrayList<>();
    List<Integer> accepted = new ArrayList<>();
    while (r.more()) {
      int field = r.readTag("ReadRequest");
      if (field == 1) {
        r.expect(LEN, "Queries");
        int old = r.enter();
        queries.add(query(r));
        r.leave(old);
      } else if (field == 2) {
        if (r.wireType() == VARINT) {
          accepted.add(r.readVarint32());
        } else if (r.wireType() == LEN) {
          int end = r.readLengthEnd();
          int old = r.limit();
          r.limit(end);
          while (r.more()) {
            accepted.add(r.readVarint32());
          }
          r.limit(old);
        } else {
          throw r.wrongWireType("AcceptedResponseTypes");
        }
      } else {
        r.skip();
      }
    }
    return new ReadRequest(List.copyOf(queries), List.copyOf(accepted));
  }

  private static ReadRequest.Query query(ProtoReader r) {
    long start = 0;
    long end = 0;
    List<Matcher> matchers = new ArrayList<>();
    ReadRequest.Hints hints = null;
    while (r.more()) {
      int field = r.readTag("Query");
      switch (field) {
        case 1 -> {
          r.expect(VARINT, "StartTimestampMs");
          start = r.readVarint();
        }
        case 2 -> {
          r.expect(VARINT, "EndTimestampMs");
          end = r.readVarint();
        }
        case 3 -> {
          r.expect(LEN, "Matchers");
          int old = r.enter();
          matchers.add(matcher(r));
          r.leave(old);
        }
        case 4 -> {
          r.expect(LEN, "Hints");
          int old = r.enter();
          hints = hints(r);
          r.leave(old);
        }
        default -> r.skip();
      }
    }
    return new ReadRequest.Query(start, end, List.copyOf(matchers), hints);
  }

  private static Matcher matcher(ProtoReader r) {
    int type = 0;
    String name = "";
    String value = "";
    while (r.more()) {
      int field = r.readTag("LabelMatcher");
      switch (field) {
        case 1 -> {
          r.expect(VARINT, "Type");
          type = r.readVarint32();
        }
        case 2 -> name = string(r, "Name");
        case 3 -> value = string(r, "Value");
        default -> r.skip();
      }
    }
    Matcher.Type t = switch (type) {
      case 0 -> Matcher.Type.EQ;
      case 1 -> Matcher.Type.NEQ;
      case 2 -> Matcher.Type.RE;
      case 3 -> Matcher.Type.NRE;
      default -> throw new BadRequest(BadRequest.Reason.INVALID_MATCHER, "invalid matcher type");
    };
    try {
      return Matcher.of(t, name, value);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(BadRequest.Reason.INVALID_MATCHER, e.getMessage());
    }
  }

  private static ReadRequest.Hints hints(ProtoReader r) {
    long step = 0;
    String func = "";
    long start = 0;
    long end = 0;
    List<String> grouping = new ArrayList<>();
    boolean by = false;
    long range = 0;
    while (r.more()) {
      int field = r.readTag("ReadHints");
      switch (field) {
        case 1 -> {
          r.expect(VARINT, "StepMs");
          step = r.readVarint();
        }
        case 2 -> func = string(r, "Func");
        case 3 -> {
          r.expect(VARINT, "StartMs");
          start = r.readVarint();
        }
        case 4 -> {
          r.expect(VARINT, "EndMs");
          end = r.readVarint();
        }
        case 5 -> grouping.add(string(r, "Grouping"));
        case 6 -> {
          r.expect(VARINT, "By");
          by = r.readVarint() != 0;
        }
        case 7 -> {
          r.expect(VARINT, "RangeMs");
          range = r.readVarint();
        }
        default -> r.skip();
      }
    }
    return new ReadRequest.Hints(step, func, start, end, List.copyOf(grouping), by, range);
  }

  private static String string(ProtoReader r, String field) {
    r.expect(LEN, field);
    int end = r.readLengthEnd();
    String s = Utf8.decodeLenient(r.array(), r.position(), end - r.position());
    r.position(end);
    return s;
  }
}
