package io.hearth.node.remote;

/** The remote-write protobuf messages, named as Prometheus names them in Content-Type and config. */
public enum RemoteWriteVersion {
  /** Remote write 1.0, {@code prometheus.WriteRequest}. */
  V1("prometheus.WriteRequest", "0.1.0"),
  /** Remote write 2.0, {@code io.prometheus.write.v2.Request}. */
  V2("io.prometheus.write.v2.Request", "2.0.0");

  private final String protoMessage;
  private final String versionHeader;

  RemoteWriteVersion(String protoMessage, String versionHeader) {
    this.protoMessage = protoMessage;
    this.versionHeader = versionHeader;
  }

  /** The fully qualified message name, the value of Content-Type's {@code proto} parameter. */
  public String protoMessage() {
    return protoMessage;
  }

  /** What senders put in {@code X-Prometheus-Remote-Write-Version}. */
  public String versionHeader() {
    return versionHeader;
  }

  /** The Content-Type a sender uses for this version. */
  public String contentType() {
    return this == V1 ? RemoteWriteHeaders.PROTOBUF : RemoteWriteHeaders.PROTOBUF + ";proto=" + protoMessage;
  }

  /** The version whose message name is {@code name}, or null. */
  public static RemoteWriteVersion ofProtoMessage(String name) {
    for (RemoteWriteVersion v : values()) {
      if (v.protoMessage.equals(name)) {
        return v;
      }
    }
    return null;
  }
}
