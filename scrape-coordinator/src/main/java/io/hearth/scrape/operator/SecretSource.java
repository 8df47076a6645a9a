package io.hearth.scrape.operator;

/**
 * Reads the Secret and ConfigMap keys that monitors reference for credentials and TLS material.
 * Implementations must be safe to call from the watcher's thread and must not cache beyond what
 * their documentation says (a rotated secret is picked up at the next regeneration).
 */
public interface SecretSource {
  /**
   * @return the decoded value of {@code key} in Secret {@code namespace/name}
   * @throws MissingReferenceException when the secret or key does not exist
   */
  String secretKey(String namespace, String name, String key);

  /**
   * @return the value of {@code key} in ConfigMap {@code namespace/name}
   * @throws MissingReferenceException when the config map or key does not exist
   */
  String configMapKey(String namespace, String name, String key);

  /** A referenced Secret or ConfigMap key that does not exist; the monitor endpoint is skipped as the operator does. */
  final class MissingReferenceException extends RuntimeException {
    public MissingReferenceException(String message) {
      super(message, null, false, false);
    }
  }
}
