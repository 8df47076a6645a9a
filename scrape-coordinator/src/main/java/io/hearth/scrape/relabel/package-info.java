/**
 * Prometheus relabeling: the rule model ({@link io.hearth.scrape.relabel.RelabelConfig}) with
 * Prometheus's defaults and validation messages, and {@link io.hearth.scrape.relabel.Relabeler},
 * which applies rules to a label set with Prometheus's exact semantics (anchored RE2 regexes, Go's
 * {@code $1}/{@code ${1}} expansion, MD5 hashmod). Pure functions over labels: must never do I/O or
 * keep state between calls.
 */
package io.hearth.scrape.relabel;
