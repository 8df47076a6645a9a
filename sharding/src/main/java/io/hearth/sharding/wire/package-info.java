/**
 * Byte buffers for Hearth's own binary formats: a growable sink and a bounded source with varints,
 * strings and fixed-width numbers. Every read is bounded by the buffer it was given and fails with
 * a typed error naming what was being read. No allocation per value beyond strings.
 *
 * <p>The one protobuf wire reader ({@link io.hearth.sharding.wire.ProtoReader}): remote write 1.0
 * and 2.0 and remote read in {@code node} and the protobuf exposition parser in {@code
 * scrape-coordinator} all read through it. Primitive returns and offsets into the caller's array,
 * bounded reads, gogo-protobuf's error texts thrown as the caller's own exception type.
 *
 * <p>Also the one wire representation that several decoders in other modules share: a native
 * histogram side as Prometheus's protobuf messages carry it ({@link
 * io.hearth.sharding.wire.NativeHistogramSide}: spans with delta or float buckets), used by remote
 * write in {@code node} and by the protobuf exposition parser in {@code scrape-coordinator}. It must
 * never know a message's field numbers or Go type names (each decoder reads its own message) nor
 * depend on anything in sharding but {@code api}.
 */
package io.hearth.sharding.wire;
