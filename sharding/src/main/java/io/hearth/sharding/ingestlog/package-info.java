/**
 * The ingest log of a node alone in files of its own: {@link io.hearth.sharding.ingestlog.LogFiles}
 * appends each group commit's batches in one write, reads them back once at start, and deletes
 * whole files once every partition in them is checkpointed; {@link io.hearth.sharding.ingestlog.AppendChannel}
 * is the one seam its writes and fsyncs go through.
 *
 * <p>Owns: the file format (docs/format/segments.md, *Ingest-log files*), cutting a torn or damaged
 * tail, and leaving no torn record in front of later ones after a failed write. Never imports
 * Ignite; knows nothing of what a batch holds (the head encodes it, the persistence frames it).
 */
package io.hearth.sharding.ingestlog;
