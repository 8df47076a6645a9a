/**
 * OTLP metrics ingest: the request body (content type, bounded gzip, protobuf or JSON) and the
 * translation of OTLP metrics into Prometheus series as Prometheus 3 does it (metric and label
 * names, unit and type suffixes, {@code job}/{@code instance}, promoted resource attributes,
 * {@code target_info}, classic histogram and summary series, exponential histograms as native
 * histograms, exemplars on the series Prometheus puts them on, start times as created timestamps),
 * delivered to a {@link io.hearth.node.remote.WriteSink}.
 *
 * <p>Must never: touch storage or HTTP types (the node's handler calls in with bytes and a sink),
 * allocate for a body more than the bound it was given, or throw anything but {@link
 * io.hearth.node.otlp.OtlpException} for bad client input. Per-data-point refusals (delta
 * temporality, a scale below -4, a name that escapes to nothing) are reported in the {@link
 * io.hearth.node.otlp.Translation} result, never thrown.
 */
package io.hearth.node.otlp;
