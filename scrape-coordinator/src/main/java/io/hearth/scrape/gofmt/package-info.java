/**
 * Go-compatible formatting ({@code %q} quoting) so that scrape, relabel and config messages read
 * exactly as Prometheus's. Pure functions only; must never hold state or depend on other scrape
 * packages.
 */
package io.hearth.scrape.gofmt;
