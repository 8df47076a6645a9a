package io.hearth.node.ui;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * The UI's files, read from the classpath under one directory and kept in memory once read.
 * Thread-safe. Only names made of letters, digits, {@code . _ -} and single {@code /} separators,
 * without {@code ..}, are looked up, so a request can never reach a resource outside the
 * directory; missing files are not cached, so the cache holds at most the files that exist.
 */
final class StaticAssets {
  /** One file: its bytes, content type and a strong ETag over the bytes. */
  record Asset(byte[] body, String contentType, String etag) {}

  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml",
      "png", "image/png",
      "json", "application/json",
      "txt", "text/plain; charset=utf-8");

  private final ClassLoader loader;
  private final String root;
  private final Map<String, Asset> cache = new ConcurrentHashMap<>();

  StaticAssets(ClassLoader loader, String root) {
    this.loader = loader;
    this.root = root;
  }

  /** The file {@code name} (relative to the root), or null when it is absent or the name is not allowed. */
  Asset get(String name) throws IOException {
    Asset a = cache.get(name);
    if (a != null) return a;
    String type = contentType(name);
    if (type == null || !safeName(name)) return null;
    byte[] body;
    try (InputStream in = loader.getResourceAsStream(root + name)) {
      if (in == null) return null;
      body = in.readAllBytes();
    }
    CRC32 crc = new CRC32();
    crc.update(body);
    a = new Asset(body, type, "\"" + Long.toHexString(crc.getValue()) + "-" + body.length + "\"");
    cache.put(name, a);
    return a;
  }

  /** The content type by the name's extension, or null for a kind of file the UI does not serve. */
  static String contentType(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  static boolean safeName(String name) {
    if (name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.contains("//") || name.contains("..")) return false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '/';
      if (!ok) return false;
    }
    return true;
  }
}
