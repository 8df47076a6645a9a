package io.hearth.sharding.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The blocks of a PEM file (RFC 7468): {@code -----BEGIN <label>-----}, base64, {@code -----END <label>-----}.
 * Text outside blocks (openssl's "Bag Attributes" or comments) is ignored.
 */
final class Pem {
  /** One block: its label ({@code CERTIFICATE}, {@code PRIVATE KEY}, ...) and decoded bytes. */
  record Block(String label, byte[] der) {}

  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";

  private Pem() {}

  /**
   * Every block of {@code file}.
   *
   * @param what the file's role in messages ({@code "cluster TLS key file"})
   * @throws IllegalArgumentException naming the file when it cannot be read or a block is malformed
   */
  static List<Block> read(Path file, String what) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(what + " does not exist [file=" + file + "]");
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(what + " cannot be read: " + e.getMessage() + " [file=" + file + "]");
    }
    List<Block> blocks = new ArrayList<>();
    int at = 0;
    while ((at = text.indexOf(BEGIN, at)) >= 0) {
      int labelEnd = text.indexOf(DASHES, at + BEGIN.length());
      if (labelEnd < 0) throw malformed(what, file, "unterminated BEGIN line");
      String label = text.substring(at + BEGIN.length(), labelEnd);
      String end = END + label + DASHES;
      int bodyStart = labelEnd + DASHES.length();
      int bodyEnd = text.indexOf(end, bodyStart);
      if (bodyEnd < 0) throw malformed(what, file, "no \"" + end + "\" after \"" + BEGIN + label + DASHES + "\"");
      try {
        blocks.add(new Block(label, Base64.getDecoder().decode(base64(text.substring(bodyStart, bodyEnd)))));
      } catch (IllegalArgumentException e) {
        throw malformed(what, file, "the " + label + " block is not base64");
      }
      at = bodyEnd + end.length();
    }
    return blocks;
  }

  /** The body without whitespace and without RFC 1421 headers ({@code Proc-Type: 4,ENCRYPTED} of legacy encrypted keys). */
  private static String base64(String body) {
    StringBuilder b = new StringBuilder(body.length());
    for (String line : body.split("\\R")) {
      if (line.indexOf(':') < 0) b.append(line.strip());
    }
    return b.toString();
  }

  private static IllegalArgumentException malformed(String what, Path file, String problem) {
    return new IllegalArgumentException(what + " is not valid PEM: " + problem + " [file=" + file + "]");
  }
}
