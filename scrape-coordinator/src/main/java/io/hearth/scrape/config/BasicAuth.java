package io.hearth.scrape.config;

/** HTTP basic authentication for scrapes; secrets are kept as given and never logged. */
public record BasicAuth(String username, String usernameFile, String password, String passwordFile) {
  @Override
  public String toString() {
    return "BasicAuth[username=" + username + ", usernameFile=" + usernameFile + ", password=<secret>, passwordFile="
        + passwordFile + "]";
  }
}
