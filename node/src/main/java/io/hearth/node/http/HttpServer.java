package io.hearth.node.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonFactory;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.HttpContentCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node's HTTP server (Netty). Requests are aggregated (bounded by {@code maxBodyBytes}: larger
 * bodies get 413), routed by path, and run on the pool their route was registered with; a full pool
 * answers at once with 503 (queries) or 429 (writes) and {@code Retry-After}, never by queueing
 * without bound. A route may answer with a streamed body ({@link ApiResponse#streamed}), sent in
 * HTTP chunks with back-pressure from the connection.
 */
public final class HttpServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(HttpServer.class.getName());
  private static final JsonFactory JSON = new JsonFactory();

  private final Map<String, Registered> exact = new LinkedHashMap<>();
  private final List<Map.Entry<String, Registered>> prefixes = new ArrayList<>();
  private final int maxBodyBytes;
  private final long readTimeoutMs;
  private final ByteBudget bodies;
  private final WebSecurity security;
  private final long writeTimeoutMs;
  private static final io.netty.util.AttributeKey<ConnectionGuard> GUARD = io.netty.util.AttributeKey.valueOf("hearth-guard");
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private Channel channel;
  private BiConsumer<String, Integer> observer = (path, status) -> {};

  private record Registered(Route route, ExecutorService pool, int overloadStatus) {}

  public HttpServer(int maxBodyBytes) {
    this(maxBodyBytes, 5 * 60_000L, new ByteBudget("request body", Math.max(maxBodyBytes, Runtime.getRuntime().maxMemory() / 8)));
  }

  /**
   * @param maxBodyBytes a larger request body gets 413
   * @param readTimeoutMs a request must arrive whole within this from its first byte, and a
   *     connection idle this long between requests is closed ({@code --web.read-timeout}; 0: none)
   * @param bodies request body bytes held at once across all connections; beyond, 429
   */
  public HttpServer(int maxBodyBytes, long readTimeoutMs, ByteBudget bodies) {
    this(maxBodyBytes, readTimeoutMs, bodies, WebSecurity.none());
  }

  /** As above, with TLS and authentication from {@code --web.config.file}. */
  public HttpServer(int maxBodyBytes, long readTimeoutMs, ByteBudget bodies, WebSecurity security) {
    this.maxBodyBytes = maxBodyBytes;
    this.readTimeoutMs = readTimeoutMs;
    this.bodies = bodies;
    this.security = security;
    this.writeTimeoutMs = readTimeoutMs > 0 ? readTimeoutMs : 5 * 60_000L;
  }

  /** Request body bytes held now across all connections (for metrics and tests). */
  public ByteBudget bodyBudget() {
    return bodies;
  }

  /** Registers a route for an exact path. */
  public HttpServer route(String path, ExecutorService pool, int overloadStatus, Route r) {
    exact.put(path, new Registered(r, pool, overloadStatus));
    return this;
  }

  /** Registers a route for every path under a prefix (longest prefix wins). */
  public HttpServer prefix(String prefix, ExecutorService pool, int overloadStatus, Route r) {
    prefixes.add(Map.entry(prefix, new Registered(r, pool, overloadStatus)));
    prefixes.sort((a, b) -> b.getKey().length() - a.getKey().length());
    return this;
  }

  /** Called with (route path, status) after every response, for metrics. */
  public void observer(BiConsumer<String, Integer> o) {
    this.observer = o;
  }

  public InetSocketAddress start(String host, int port) throws InterruptedException {
    boss = new NioEventLoopGroup(1);
    workers = new NioEventLoopGroup(2);
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ConnectionGuard guard = new ConnectionGuard(readTimeoutMs, bodies, maxBodyBytes);
            ch.attr(GUARD).set(guard);
            io.netty.handler.ssl.SslContext tls = security.config().ssl;
            if (tls != null) ch.pipeline().addLast(tls.newHandler(ch.alloc()));
            ch.pipeline()
                .addLast(guard.raw())
                .addLast(new HttpServerCodec(8192, 65536, 65536))
                .addLast(guard.decoded())
                .addLast(new HttpServerExpectContinueHandler())
                .addLast(new HttpContentCompressor())
                .addLast(new HttpObjectAggregator(maxBodyBytes))
                .addLast(new Dispatcher());
          }
        });
    channel = b.bind(host, port).sync().channel();
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    if (channel != null) channel.close().syncUninterruptibly();
    if (boss != null) boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    if (workers != null) workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
  }

  private Map.Entry<String, Registered> lookup(String path) {
    Registered r = exact.get(path);
    if (r != null) return Map.entry(path, r);
    for (Map.Entry<String, Registered> e : prefixes) {
      if (path.startsWith(e.getKey())) return e;
    }
    return null;
  }

  private final class Dispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      if (!req.decoderResult().isSuccess()) {
        send(ctx, keepAlive, "", ApiResponse.text(400, "bad request: " + req.decoderResult().cause()));
        return;
      }
      QueryStringDecoder qs = new QueryStringDecoder(req.uri(), StandardCharsets.UTF_8);
      String path = qs.path();
      if (!security.authorized(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
        ApiResponse denied = ApiResponse.text(401, "Unauthorized\n");
        denied.header("WWW-Authenticate", "Basic");
        send(ctx, keepAlive, "unauthorized", denied);
        return;
      }
      Map.Entry<String, Registered> found = lookup(path);
      if (found == null) {
        send(ctx, keepAlive, "other", ApiResponse.text(404, "404 page not found\n"));
        return;
      }
      byte[] body = new byte[req.content().readableBytes()];
      req.content().readBytes(body);
      Map<String, List<String>> params = new LinkedHashMap<>(qs.parameters());
      String ct = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
      if (ct != null && ct.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
        QueryStringDecoder form = new QueryStringDecoder(new String(body, StandardCharsets.UTF_8), StandardCharsets.UTF_8, false);
        form.parameters().forEach((k, v) -> params.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
      }
      ApiRequest api = new ApiRequest(req.method(), path, params, req.headers().copy(), body);
      Registered reg = found.getValue();
      String routeName = found.getKey();
      try {
        reg.pool().execute(() -> {
          ApiResponse resp = answer(reg.route(), api, path);
          if (resp.stream != null) {
            stream(ctx, keepAlive, routeName, path, resp);
            return;
          }
          try {
            ctx.executor().execute(() -> send(ctx, keepAlive, routeName, resp));
          } catch (RejectedExecutionException stopping) {
            // The server is shutting down and its event loop is gone: the client sees the connection
            // close and retries; the request was not acknowledged.
            LOG.fine("answer to " + path + " dropped: the HTTP server is stopping");
          }
        });
      } catch (RejectedExecutionException e) {
        int status = reg.overloadStatus();
        ApiException over = status == 429
            ? ApiException.text(429, "too many concurrent requests: try again later")
            : new ApiException(503, "unavailable", "too many concurrent queries: try again later", false, "1");
        send(ctx, keepAlive, routeName, error(over));
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /** Runs a route and maps what it throws to the error answer, in one place. */
  private static ApiResponse answer(Route route, ApiRequest api, String path) {
    try {
      return route.handle(api);
    } catch (Throwable t) {
      return failure(t, path);
    }
  }

  private static ApiResponse failure(Throwable t, String path) {
    if (t instanceof ApiException e) return error(e);
    if (t instanceof io.hearth.sharding.api.StorageException.Unavailable || t instanceof io.hearth.sharding.api.StorageException.NotOwner
        || t instanceof io.hearth.sharding.api.StorageException.Overloaded) {
      // Retryable storage states (starting, ownership moving, saturated): 503 with Retry-After.
      return error(new ApiException(503, "unavailable", t.getMessage(), false, "1"));
    }
    LOG.log(Level.WARNING, "internal error on " + path, t);
    return error(ApiException.internal(String.valueOf(t.getMessage() == null ? t.toString() : t.getMessage())));
  }

  /**
   * Sends a streamed response on the calling worker thread: the body writer's flushes become HTTP
   * chunks. A failure before the first flush is answered as an error; after it, the connection is
   * closed.
   */
  private void stream(ChannelHandlerContext ctx, boolean keepAlive, String routeName, String path, ApiResponse r) {
    StreamedBody body = new StreamedBody(ctx, () -> {
      HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status));
      if (r.contentType != null) head.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType);
      security.config().headers.forEach((k, v) -> head.headers().set(k, v));
      r.headers.forEach((k, v) -> head.headers().set(k, v));
      HttpUtil.setTransferEncodingChunked(head, true);
      if (keepAlive) head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      return head;
    }, writeTimeoutMs);
    try {
      r.stream.write(body);
      body.finish();
    } catch (Throwable t) {
      if (!body.committed()) {
        ApiResponse err = failure(t, path);
        ctx.executor().execute(() -> send(ctx, keepAlive, routeName, err));
        return;
      }
      LOG.log(Level.WARNING, "streamed answer to " + path + " cut off after it started: " + t);
      ctx.close();
      observer.accept(routeName, r.status);
      return;
    }
    ChannelFuture last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    if (!keepAlive) last.addListener(ChannelFutureListener.CLOSE);
    ctx.executor().execute(() -> {
      ConnectionGuard guard = ctx.channel().attr(GUARD).get();
      if (guard != null) guard.responded(ctx);
    });
    observer.accept(routeName, r.status);
  }

  private void send(ChannelHandlerContext ctx, boolean keepAlive, String routeName, ApiResponse r) {
    FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status),
        r.body.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body));
    if (r.contentType != null) resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType);
    security.config().headers.forEach((k, v) -> resp.headers().set(k, v));
    r.headers.forEach((k, v) -> resp.headers().set(k, v));
    resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body.length);
    if (keepAlive) resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    var f = ctx.writeAndFlush(resp);
    if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
    ConnectionGuard guard = ctx.channel().attr(GUARD).get();
    if (guard != null) guard.responded(ctx);
    observer.accept(routeName, r.status);
  }

  /** Renders an error as Prometheus does. */
  public static ApiResponse error(ApiException e) {
    ApiResponse r;
    if (e.plainText) {
      r = ApiResponse.text(e.status, e.getMessage() + "\n");
    } else {
      ByteArrayOutputStream out = new ByteArrayOutputStream(128);
      try (JsonGenerator g = JSON.createGenerator(out)) {
        g.writeStartObject();
        g.writeStringField("status", "error");
        g.writeStringField("errorType", e.errorType);
        g.writeStringField("error", e.getMessage());
        g.writeEndObject();
      } catch (IOException io) {
        throw new IllegalStateException(io);
      }
      r = ApiResponse.json(e.status, out.toByteArray());
    }
    if (e.retryAfter != null) r.header("Retry-After", e.retryAfter);
    return r;
  }
}
