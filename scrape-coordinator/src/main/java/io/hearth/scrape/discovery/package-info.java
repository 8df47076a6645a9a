/**
 * Target discovery: the {@link io.hearth.scrape.discovery.Discoverer} seam (first update carries the
 * full target set) and static targets; one subpackage per other mechanism ({@code file}, later
 * {@code kubernetes}). Discovery only finds targets: it must never scrape, relabel or touch storage.
 */
package io.hearth.scrape.discovery;
