/**
 * Scrape loops: one {@link io.hearth.scrape.loop.ScrapeLoop} per target fetches the exposition
 * through the {@link io.hearth.scrape.loop.Scraper} seam (HTTP by default), parses it, applies
 * honor_labels, metric relabeling and limits, and writes samples, automatic series and staleness
 * markers through an {@link io.hearth.sharding.api.Appender}; {@link io.hearth.scrape.loop.ScrapeTarget}
 * keeps per-target state for the targets API. Talks to storage only through the api seam: must
 * never depend on storage internals or decide which targets exist (that is discovery's job).
 */
package io.hearth.scrape.loop;
