package io.hearth.scrape.config;

/** An {@code Authorization} header: {@code type credentials}, type defaulting to {@code Bearer}. */
public record Authorization(String type, String credentials, String credentialsFile) {
  @Override
  public String toString() {
    return "Authorization[type=" + type + ", credentials=<secret>, credentialsFile=" + credentialsFile + "]";
  }
}
