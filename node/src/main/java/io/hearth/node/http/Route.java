package io.hearth.node.http;

/**
 * Handles requests for one path. Runs on a worker pool, never on a Netty event loop, so it may
 * block. Throws {@link ApiException} for errors to answer in Prometheus's shape; anything else is
 * answered as an internal error.
 */
@FunctionalInterface
public interface Route {
  ApiResponse handle(ApiRequest request) throws Exception;
}
