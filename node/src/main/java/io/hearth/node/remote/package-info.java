/**
 * Prometheus remote-write (1.0 and 2.0) and remote-read wire codecs.
 *
 * <p>Owns: decoding {@code prometheus.WriteRequest} and {@code io.prometheus.write.v2.Request}
 * straight from the decompressed body into a {@link io.hearth.node.remote.WriteSink} (one call per
 * sample, no object per sample), the snappy block framing with its size limit, content
 * negotiation, the 2.0 response headers, the remote-read request decoder, the SAMPLES response
 * encoder, and the STREAMED_XOR_CHUNKS frames ({@link io.hearth.node.remote.ChunkedReadEncoder})
 * with Prometheus's own chunk encodings ({@link io.hearth.node.remote.PromXorChunk}, {@link
 * io.hearth.node.remote.PromHistogramChunk}). Error texts follow Prometheus 3.x word for word where Prometheus has one.
 *
 * <p>Must never: touch storage or HTTP types (the node's handlers call in with bytes and a sink),
 * keep request bytes after a call returns, or throw anything but {@link
 * io.hearth.node.remote.RemoteProtocolException} for bad client input.
 */
package io.hearth.node.remote;
