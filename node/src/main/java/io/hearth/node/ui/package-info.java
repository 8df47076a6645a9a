/**
 * The web UI: serves the single-page app under {@code src/main/resources/web/} (plain ES modules,
 * CSS and the vendored uPlot, no build step and nothing fetched from the internet at run time).
 *
 * <p>Owns: the page paths ({@code /query}, {@code /graph}, {@code /targets}, ...) that all answer
 * the app's {@code index.html}, the redirect from {@code /}, and {@code /assets/*}.
 *
 * <p>Must never: compute anything the app shows (it reads the same Prometheus HTTP API as any
 * client), serve a file outside {@code web/}, or register a path under {@code /api/}.
 */
package io.hearth.node.ui;
