/**
 * The command line: {@code hearth run} with Prometheus's flag names and {@code hearth check}; flag
 * values are parsed and validated here into a {@code NodeConfig}, with one-line errors naming the
 * flag. Starts nothing before the flags are valid.
 */
package io.hearth.node.cli;
