package io.hearth.scrape.discovery.kubernetes;

import io.hearth.scrape.config.ConfigException;
import io.hearth.sharding.api.text.GoQuote;

/** The Kubernetes object kind a {@code kubernetes_sd_config} discovers, named as in Prometheus's config. */
public enum Role {
  NODE("node"),
  POD("pod"),
  SERVICE("service"),
  ENDPOINTS("endpoints"),
  ENDPOINTSLICE("endpointslice"),
  INGRESS("ingress");

  private final String configName;

  Role(String configName) {
    this.configName = configName;
  }

  /** The name used in configuration and in {@code __meta_kubernetes_<role>_*} label names. */
  public String configName() {
    return configName;
  }

  /**
   * @throws ConfigException {@code unknown Kubernetes SD role "x"}, as Prometheus words it
   */
  public static Role fromConfigName(String name) {
    for (Role r : values()) {
      if (r.configName.equals(name)) return r;
    }
    throw new ConfigException("unknown Kubernetes SD role " + GoQuote.quote(name));
  }

  @Override
  public String toString() {
    return configName;
  }
}
