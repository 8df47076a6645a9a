/**
 * Postings: label name and value to the set of series refs ({@code MemPostings}, RoaringBitmap),
 * with Prometheus's matcher semantics (a matcher that matches "" also selects series without the
 * label). Used by the head for its series and by index blocks for theirs. Holds refs, never series.
 */
package io.hearth.sharding.index;
