/**
 * The scrape manager: applies a configuration (reload-aware), runs discovery per job, builds
 * targets with target relabeling and keeps one scrape loop per target; exposes active and dropped
 * targets for the API. Entry point for the node: {@link io.hearth.scrape.manager.ScrapeManager}.
 * Owns threads and lifecycles only: must never parse expositions or talk to storage itself.
 */
package io.hearth.scrape.manager;
