package io.hearth.node.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * TLS and authentication of the HTTP server from {@code --web.config.file}: every connection and
 * every request, the UI included, goes through it. The file and the certificate, key and CA files
 * it names are read again when one of them changes (checked at most once a second, when a
 * connection opens or a request arrives); a file that no longer loads keeps the previous
 * configuration and logs why, as Prometheus does. Thread-safe.
 */
public final class WebSecurity {
  private static final Logger LOG = Logger.getLogger(WebSecurity.class.getName());
  private final Path file;
  private volatile WebConfig current;
  private volatile List<Long> stamps;
  private volatile long checkedAt;
  /** sha-256 of user, password and hash for credentials that verified: bcrypt is slow by design. */
  private final Map<String, Boolean> verified = new ConcurrentHashMap<>();

  private WebSecurity(Path file, WebConfig config) {
    this.file = file;
    this.current = config;
    this.stamps = stamps(config);
  }

  /** No TLS and no authentication. */
  public static WebSecurity none() {
    return new WebSecurity(null, WebConfig.NONE);
  }

  /**
   * Loads {@code file}.
   *
   * @throws IllegalArgumentException when it does not load (a start-up error)
   */
  public static WebSecurity load(Path file) {
    return new WebSecurity(file, WebConfig.load(file));
  }

  /** The configuration now, re-read first when a file changed. */
  WebConfig config() {
    if (file == null) return current;
    long now = System.currentTimeMillis();
    if (now - checkedAt < 1000) return current;
    checkedAt = now;
    WebConfig c = current;
    List<Long> s = stamps(c);
    if (!s.equals(stamps)) {
      try {
        WebConfig next = WebConfig.load(file);
        current = next;
        stamps = stamps(next);
        verified.clear();
        LOG.info("web configuration reloaded from " + file);
      } catch (RuntimeException e) {
        stamps = s; // do not retry a broken file on every request; a further change retries
        LOG.warning("web configuration " + file + " does not load, keeping the previous one: " + e.getMessage());
      }
    }
    return current;
  }

  private static List<Long> stamps(WebConfig c) {
    List<Long> out = new ArrayList<>(c.files.size());
    for (Path p : c.files) {
      try {
        out.add(Files.getLastModifiedTime(p).toMillis() ^ Files.size(p));
      } catch (java.io.IOException e) {
        out.add(-1L);
      }
    }
    return out;
  }

  /**
   * Whether a request with this {@code Authorization} header may proceed: always when no users are
   * configured, else only with HTTP basic credentials of a configured user.
   */
  boolean authorized(String authorization) {
    WebConfig c = config();
    if (c.users.isEmpty()) return true;
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) return false;
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) return false;
    String user = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    String hash = c.users.get(user);
    if (hash == null) return false;
    String key = digest(user + '\u0000' + password + '\u0000' + hash);
    if (verified.containsKey(key)) return true;
    boolean ok = c.verify(user, password);
    if (ok) {
      if (verified.size() > 10_000) verified.clear();
      verified.put(key, Boolean.TRUE);
    }
    return ok;
  }

  private static String digest(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
