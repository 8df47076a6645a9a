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
   * This node does not serve a partition the request needs (ownership moved, or it is still
   * loading it). Retry against the current owner; after a bounded time, HTTP 503.
   */
  public static final class NotOwner extends StorageException {
    public NotOwner(String message) {
      super(message);
    }
  }
}
