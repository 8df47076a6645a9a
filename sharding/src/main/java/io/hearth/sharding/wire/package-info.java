/**
 * Byte buffers for Hearth's own binary formats: a growable sink and a bounded source with varints,
 * strings and fixed-width numbers. Every read is bounded by the buffer it was given and fails with
 * a typed error naming what was being read. No knowledge of any format; no allocation per value
 * beyond strings.
 */
package io.hearth.sharding.wire;
