package io.hearth.node.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Produces a response body while the response is being sent (see {@link ApiResponse#streamed}).
 *
 * <p>Runs on the route's worker thread, after the route returned. Each {@code flush()} of {@code
 * out} sends what was written so far as one HTTP chunk; a write blocks while the client is slower
 * than the producer (the connection's outbound buffer is full), so memory holds about one flush's
 * worth of bytes, and fails with an {@link IOException} when the client is gone or has read nothing
 * for the server's write timeout. The status and headers are sent with the first flush: an
 * exception thrown before it is answered like any route error (e.g. {@link ApiException} as a 4xx);
 * one thrown after it can only close the connection, which the client sees as a cut-off body.
 * {@code out} must not be used after {@code write} returns; the server ends the body.
 */
@FunctionalInterface
public interface BodyWriter {
  void write(OutputStream out) throws Exception;
}
