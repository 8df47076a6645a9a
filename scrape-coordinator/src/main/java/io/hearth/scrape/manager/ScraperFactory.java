package io.hearth.scrape.manager;

import io.hearth.scrape.config.ScrapeConfig;
import io.hearth.scrape.loop.Scraper;
import io.hearth.scrape.loop.ScrapeTarget;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Creates the {@link Scraper} of a target. The default scrapes over HTTP with the job's shared
 * client; tests or other transports may substitute their own. Called on the manager's sync thread.
 */
@FunctionalInterface
public interface ScraperFactory {
  Scraper create(ScrapeConfig cfg, HttpClient client, ScrapeTarget target, Duration timeout);
}
