package io.hearth.sharding.api;

/**
 * A storage failure, typed by what the caller does next. The HTTP edge maps these to status codes
 * in one place.
 */
public class StorageException extends RuntimeException {
  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The store is saturated; retry later (HTTP 429/503 with Retry-After). */
  public static final class Overloaded extends StorageException {
    public Overloaded(String message) {
      super(message);
    }
  }

  /** The store is not ready yet (starting, recovering); retry later (HTTP 503). */
  public static final class Unavailable extends StorageException {
    public Unavailable(String message) {
      super(message);
    }

    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Stored bytes do not decode: names what was expected and what was found. */
  public static final class Corrupt extends StorageException {
    public Corrupt(String message) {
      super(message);
    }
  }

  /**
   * A stored record carries a format version (or codec) this build does not read, typically one
   * written by a newer Hearth after a downgrade. Not corruption: the bytes are intact (checksums
   * passed where the record has one), so the record is refused, never guessed at. Names the record
   * type, which record, the version found and the versions this build reads.
   */
  public static final class UnsupportedVersion extends StorageException {
    private final String record;
    private final int found;

    public UnsupportedVersion(String record, String name, int found, int... reads) {
      super("stored record has a format version this build does not read [record=" + record + ", name=" + name
          + ", found=" + found + ", reads=" + join(reads) + "]: written by a newer Hearth? downgrades are not supported");
      this.record = record;
      this.found = found;
    }

    /** Throws unless {@code found} is one of {@code reads}. */
    public static void require(String record, String name, int found, int... reads) {
      for (int r : reads) {
        if (r == found) return;
      }
      throw new UnsupportedVersion(record, name, found, reads);
    }

    public String record() {
      return record;
    }

    public int found() {
      return found;
    }

    private static String join(int[] reads) {
      StringBuilder b = new StringBuilder();
      for (int r : reads) b.append(b.length() == 0 ? "" : ",").append(r);
      return b.toString();
    }
  }

  /**
   * This node does not serve a partition the request needs (ownership moved, or it is still
   * loading it). Retry against the current owner; after a bounded time, HTTP 503.
   */
  public static final class NotOwner extends StorageException {
    public NotOwner(String message) {
      super(message);
    }
  }
}
