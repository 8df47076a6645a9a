/**
 * Results caching in front of a {@link io.hearth.promql.engine.QueryEngine}: {@link
 * io.hearth.promql.cache.RangeResultCache} keeps range query steps over settled data and is exact
 * by construction (it trusts the storage's {@link io.hearth.sharding.api.SettledData} epoch, never a
 * time-to-live). It knows the engine only through its interface and the AST only to decide which
 * queries read no sample after their step.
 */
package io.hearth.promql.cache;
