package io.hearth.node.remote;

/** {@code prometheus.ReadRequest.ResponseType}: how a remote-read answer is shaped. */
public enum ReadResponseType {
  /** One snappy-compressed {@code ReadResponse} with raw samples. */
  SAMPLES(0),
  /** Delimited {@code ChunkedReadResponse} frames of XOR chunks. */
  STREAMED_XOR_CHUNKS(1);

  private final int number;

  ReadResponseType(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }

  /** The type with wire number {@code n}, or null for numbers this build does not know. */
  public static ReadResponseType ofNumber(int n) {
    for (ReadResponseType t : values()) {
      if (t.number == n) {
        return t;
      }
    }
    return null;
  }
}
