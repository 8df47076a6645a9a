package io.hearth.node.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The stream a {@link BodyWriter} writes to: bytes collect in a buffer; {@link #flush()} (or a full
 * buffer) sends them as one HTTP chunk, preceded by the response head the first time. Back-pressure:
 * when the connection's outbound buffer is above its high-water mark after a send, the writer waits
 * until that chunk reached the socket, at most {@code writeTimeoutMs}. One writer thread.
 */
final class StreamedBody extends OutputStream {
  /** A flush-less writer still sends in pieces of this size. */
  private static final int MAX_PIECE = 256 << 10;

  private final ChannelHandlerContext ctx;
  private final Supplier<HttpResponse> head;
  private final long writeTimeoutMs;
  private byte[] buf = new byte[8192];
  private int n;
  private boolean committed;

  StreamedBody(ChannelHandlerContext ctx, Supplier<HttpResponse> head, long writeTimeoutMs) {
    this.ctx = ctx;
    this.head = head;
    this.writeTimeoutMs = writeTimeoutMs;
  }

  /** True once the status and headers are on their way: errors can no longer become a status. */
  boolean committed() {
    return committed;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (n == buf.length) {
        if (n >= MAX_PIECE) send();
        else buf = Arrays.copyOf(buf, Math.min(MAX_PIECE, buf.length * 2));
      }
      int take = Math.min(len, buf.length - n);
      System.arraycopy(b, off, buf, n, take);
      n += take;
      off += take;
      len -= take;
    }
  }

  @Override
  public void flush() throws IOException {
    if (n > 0) send();
  }

  /** Sends what is buffered, and the head if nothing was sent yet (an empty body). */
  void finish() throws IOException {
    if (n > 0 || !committed) send();
  }

  private void send() throws IOException {
    if (!ctx.channel().isActive()) throw new IOException("client closed the connection");
    if (!committed) {
      committed = true;
      ctx.write(head.get());
    }
    if (n == 0) {
      ctx.flush();
      return;
    }
    ChannelFuture f = ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(buf, 0, n)));
    n = 0;
    if (ctx.channel().isWritable()) return;
    try {
      if (!f.await(writeTimeoutMs, TimeUnit.MILLISECONDS)) {
        throw new IOException("client read nothing for " + writeTimeoutMs + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the client was reading", e);
    }
    if (!f.isSuccess()) throw new IOException("write to the client failed: " + f.cause(), f.cause());
  }
}
