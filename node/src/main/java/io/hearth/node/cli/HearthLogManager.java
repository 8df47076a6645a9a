package io.hearth.node.cli;

import java.util.logging.LogManager;

/**
 * Keeps log handlers open during JVM shutdown. The JDK's {@code LogManager} resets (closes every
 * handler) in its own shutdown hook, racing the node's graceful stop, whose last messages were then
 * lost. Console handlers flush on every record, so nothing needs closing at exit.
 */
public final class HearthLogManager extends LogManager {
  @Override
  public void reset() {
    // Deliberately empty: see the class comment. Configuration is done once by LogSetup.
  }
}
