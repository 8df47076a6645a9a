package io.hearth.node.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Per-connection guards, one instance per connection, in two pipeline positions:
 * <ul>
 *   <li>{@link #raw()} before the HTTP codec: the read deadline starts with the first byte of a
 *       request, so a client that sends its headers or body slowly (slow loris) is dropped once
 *       {@code readTimeoutMs} passes; a connection idle that long between requests is closed too;
 *   <li>{@link #decoded()} after the codec, before the aggregator: the body of each request takes
 *       its share of the server-wide {@link ByteBudget} before it is aggregated, and a request
 *       that does not fit gets 429 with {@code Retry-After} and the connection is closed.
 * </ul>
 * The share is given back by {@link #responded()} once the answer is written, or when the
 * connection closes. All methods run on the connection's event loop.
 */
final class ConnectionGuard {
  private final long readTimeoutMs;
  private final ByteBudget bodies;
  private final int maxBodyBytes;
  private boolean reading;
  private boolean inFlight;
  private ScheduledFuture<?> deadline;
  private long held;
  private boolean discarding;
  private boolean chunked;

  ConnectionGuard(long readTimeoutMs, ByteBudget bodies, int maxBodyBytes) {
    this.readTimeoutMs = readTimeoutMs;
    this.bodies = bodies;
    this.maxBodyBytes = maxBodyBytes;
  }

  ChannelInboundHandlerAdapter raw() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx);
        super.channelActive(ctx);
      }

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!reading && msg instanceof ByteBuf b && b.isReadable()) {
          reading = true;
          arm(ctx);
        }
        super.channelRead(ctx, msg);
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        giveBack();
        super.channelInactive(ctx);
      }
    };
  }

  ChannelInboundHandlerAdapter decoded() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest req) {
          long length = HttpUtil.getContentLength(req, -1L);
          chunked = length < 0;
          if (length > 0 && length <= maxBodyBytes && !take(length)) {
            refuse(ctx, msg, length);
            return;
          }
        } else if (msg instanceof HttpContent c) {
          if (discarding) {
            ReferenceCountUtil.release(msg);
            return;
          }
          int n = c.content().readableBytes();
          if (chunked && n > 0 && !take(n)) {
            refuse(ctx, msg, n);
            return;
          }
        }
        if (msg instanceof LastHttpContent) {
          reading = false;
          inFlight = true;
          cancel(); // the answer may take as long as the query does: --query.timeout bounds that
        }
        super.channelRead(ctx, msg);
      }
    };
  }

  /** The answer to the current request was written: give back its share and wait for the next. */
  void responded(ChannelHandlerContext ctx) {
    giveBack();
    inFlight = false;
    if (!reading) arm(ctx);
  }

  private boolean take(long n) {
    if (!bodies.tryAcquire(n)) return false;
    held += n;
    return true;
  }

  private void giveBack() {
    if (held > 0) bodies.release(held);
    held = 0;
  }

  private void refuse(ChannelHandlerContext ctx, Object msg, long wanted) {
    ReferenceCountUtil.release(msg);
    discarding = true;
    cancel();
    ApiException e = bodies.refusal(wanted);
    FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.TOO_MANY_REQUESTS,
        Unpooled.copiedBuffer(e.getMessage() + "\n", StandardCharsets.UTF_8));
    resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    resp.headers().set(HttpHeaderNames.RETRY_AFTER, e.retryAfter);
    resp.headers().set(HttpHeaderNames.CONNECTION, "close");
    resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, resp.content().readableBytes());
    ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
  }

  private void arm(ChannelHandlerContext ctx) {
    cancel();
    if (readTimeoutMs <= 0) return;
    deadline = ctx.executor().schedule(() -> {
      if (inFlight) return;
      ctx.close();
    }, readTimeoutMs, TimeUnit.MILLISECONDS);
  }

  private void cancel() {
    if (deadline != null) deadline.cancel(false);
    deadline = null;
  }
}
