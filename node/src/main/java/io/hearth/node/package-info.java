/**
 * The process: {@code HearthNode} wires storage, the PromQL engine, scraping and the HTTP server
 * from a {@code NodeConfig}; {@code ScrapeService} owns the configuration file and its reloads.
 * Wiring only: the logic lives in the modules below and in this module's packages.
 */
package io.hearth.node;
