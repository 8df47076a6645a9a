/**
 * File-based discovery ({@code file_sd_configs}): JSON/YAML target group files, polled for changes.
 * Reads files only: must never scrape, relabel or write anything.
 */
package io.hearth.scrape.discovery.file;
