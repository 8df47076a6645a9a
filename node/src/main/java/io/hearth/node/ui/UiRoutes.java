package io.hearth.node.ui;

import io.hearth.node.http.ApiException;
import io.hearth.node.http.ApiRequest;
import io.hearth.node.http.ApiResponse;
import io.hearth.node.http.HttpServer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * The web UI's routes: {@code /} redirects to {@code /query}, every page path answers the
 * single-page app's {@code index.html}, and {@code /assets/*} serves the files under {@code web/}
 * on the classpath with their content type and an ETag (so a reload revalidates instead of
 * downloading again).
 *
 * <p>The app links with relative URLs only, so it also works behind a reverse proxy that mounts
 * the node under a path prefix.
 */
public final class UiRoutes {
  /** Every page of the app; each is one path segment deep, which the app's relative links rely on. */
  public static final List<String> PAGES = List.of("query", "graph", "alerts", "targets", "service-discovery", "status", "tsdb-status",
      "flags", "config", "rules", "cluster");

  private final StaticAssets assets;

  UiRoutes(StaticAssets assets) {
    this.assets = assets;
  }

  /** Registers the UI on {@code http}, answering on {@code pool}; call after the API routes. */
  public static void register(HttpServer http, ExecutorService pool) {
    UiRoutes ui = new UiRoutes(new StaticAssets(UiRoutes.class.getClassLoader(), "web/"));
    http.route("/", pool, 503, ui::root);
    for (String page : PAGES) http.route("/" + page, pool, 503, ui::page);
    http.prefix("/assets/", pool, 503, ui::asset);
  }

  ApiResponse root(ApiRequest r) {
    requireRead(r);
    // Relative, so that a proxy's path prefix is kept.
    return ApiResponse.empty(302).header("Location", "query");
  }

  ApiResponse page(ApiRequest r) throws IOException {
    requireRead(r);
    return serve(r, "index.html");
  }

  ApiResponse asset(ApiRequest r) throws IOException {
    requireRead(r);
    return serve(r, r.path().substring("/assets/".length()));
  }

  private ApiResponse serve(ApiRequest r, String name) throws IOException {
    StaticAssets.Asset a = assets.get(name);
    if (a == null) return ApiResponse.text(404, "404 page not found\n");
    if (a.etag().equals(r.header("If-None-Match"))) return ApiResponse.empty(304).header("ETag", a.etag());
    return new ApiResponse(200, a.contentType(), a.body()).header("ETag", a.etag()).header("Cache-Control", "no-cache")
        .header("X-Content-Type-Options", "nosniff");
  }

  private static void requireRead(ApiRequest r) {
    String m = r.method().name();
    if (!m.equals("GET") && !m.equals("HEAD")) throw ApiException.text(405, "Method Not Allowed");
  }
}
