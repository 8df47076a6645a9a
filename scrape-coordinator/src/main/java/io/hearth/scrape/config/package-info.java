/**
 * The Prometheus configuration model (prometheus.yml) as immutable records, loaded strictly by
 * {@link io.hearth.scrape.config.ConfigLoader} with Prometheus's defaults, duration syntax and
 * validation messages. Only parses and validates: must never open network connections, start
 * threads or touch storage.
 */
package io.hearth.scrape.config;
