package io.hearth.node.api;

import io.hearth.node.http.ApiException;
import io.hearth.node.http.ApiRequest;
import io.hearth.node.http.ApiResponse;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.ignite.IgniteStore;
import io.hearth.sharding.ignite.Snapshots;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Random;
import java.util.logging.Logger;

/**
 * {@code POST /api/v1/admin/tsdb/snapshot} (Prometheus's endpoint and answer) and {@code GET
 * /api/v1/status/snapshots} (this node's share of each snapshot: where, how many bytes).
 *
 * <p>A snapshot is a cluster snapshot of the storage: every node copies its partition files while
 * writes go on, so it holds every sample acknowledged before the request. {@code skip_head} is
 * accepted and changes nothing: Hearth's head is rebuilt from what the snapshot holds (the ingest log
 * and head snapshots are part of it), so there is no separate head to skip or include.
 */
public final class SnapshotApi {
  private static final Logger LOG = Logger.getLogger(SnapshotApi.class.getName());
  private static final long TIMEOUT_MS = 10 * 60_000L;
  private final IgniteStore store;
  private final Random random = new SecureRandom();

  public SnapshotApi(IgniteStore store) {
    this.store = store;
  }

  public ApiResponse create(ApiRequest r) {
    String skipHead = r.param("skip_head");
    if (skipHead != null && !skipHead.isEmpty()) parseBool(skipHead);
    String name = Snapshots.newName(Instant.now(), random);
    long t0 = System.nanoTime();
    long bytes;
    try {
      bytes = store.createSnapshot(name, TIMEOUT_MS);
    } catch (StorageException e) {
      throw ApiException.internal("create snapshot: " + e.getMessage());
    }
    LOG.info("snapshot " + name + " made in " + (System.nanoTime() - t0) / 1_000_000 + " ms; this node's share: " + bytes
        + " bytes in " + Snapshots.directory(store.settings().workDir()).resolve(name));
    return QueryApi.success(g -> {
      g.writeStartObject();
      g.writeStringField("name", name);
      g.writeEndObject();
    }, null, null);
  }

  public ApiResponse list(ApiRequest r) {
    Path work = store.settings().workDir();
    var entries = Snapshots.list(work);
    return QueryApi.success(g -> {
      g.writeStartObject();
      g.writeStringField("directory", Snapshots.directory(work).toString());
      g.writeArrayFieldStart("snapshots");
      for (Snapshots.Entry e : entries) {
        g.writeStartObject();
        g.writeStringField("name", e.name());
        g.writeStringField("path", e.path().toString());
        g.writeNumberField("bytes", e.bytes());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }, null, null);
  }

  /** Go's {@code strconv.ParseBool}, as Prometheus parses {@code skip_head}. */
  static boolean parseBool(String s) {
    return switch (s) {
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      case "0", "f", "F", "false", "FALSE", "False" -> false;
      default -> throw ApiException.badData("unable to parse boolean 'skip_head' argument: strconv.ParseBool: parsing \"" + s
          + "\": invalid syntax");
    };
  }
}
