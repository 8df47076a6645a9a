package io.hearth.node.template;

import java.util.List;

/**
 * How the {@code query} template function runs PromQL: an instant query at the time of the
 * expansion. Implementations may block for the query's duration; a failure is reported as an
 * exception whose message becomes the template's error.
 */
@FunctionalInterface
public interface QueryFunc {
  /** The result as samples; a scalar comes back as one sample with no labels. */
  List<QuerySample> query(String expr) throws Exception;
}
