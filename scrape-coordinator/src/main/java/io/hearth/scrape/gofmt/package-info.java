/**
 * Go's float syntax ({@code strconv.ParseFloat} and {@code FormatFloat}) so that parsed and
 * normalised values read exactly as Prometheus's. Quoting, label text and durations live in
 * {@code sharding.api.text}. Pure functions only; must never hold state or depend on other scrape
 * packages.
 */
package io.hearth.scrape.gofmt;
