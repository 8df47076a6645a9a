/**
 * Query results as the API renders them: scalar, string, vector and matrix values. Plain data, no
 * evaluation and no storage access.
 */
package io.hearth.promql.value;
