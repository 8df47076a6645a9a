package io.hearth.sharding.ignite;

import java.util.Locale;

/**
 * When a write that Ignite acknowledged is on disk: the Ignite WAL mode, in Hearth's own terms so
 * that callers never import Ignite. The flag value of each is its lower-case name
 * ({@code --storage.ignite.wal-mode=log_only}).
 */
public enum Durability {
  /**
   * The WAL record is in the OS page cache before the write returns, fsynced later (at segment
   * roll-over and checkpoints): survives a kill -9 of the process, not a power loss or kernel crash
   * of the machine.
   */
  LOG_ONLY,
  /** Every WAL write is fsynced before the write returns: also survives a power loss of the machine. */
  FSYNC;

  /** The value {@code --storage.ignite.wal-mode} takes for this mode. */
  public String flagValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode whose {@link #flagValue()} is {@code v}, or null if none is. */
  public static Durability ofFlagValue(String v) {
    for (Durability d : values()) {
      if (d.flagValue().equals(v)) return d;
    }
    return null;
  }
}
