package io.hearth.scrape.manager;

import io.hearth.sharding.api.Labels;

/** A discovered target that target relabeling dropped, for the targets API. */
public record DroppedTarget(String scrapePool, Labels discoveredLabels) {}
