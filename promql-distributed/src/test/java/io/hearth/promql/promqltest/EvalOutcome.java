package io.hearth.promql.promqltest;

/**
 * The outcome of one eval: {@code failure} is set for {@link Status#FAIL}, {@code skipReason} for
 * {@link Status#SKIP}.
 */
record EvalOutcome(String file, int line, String query, Status status, Failure failure, String skipReason) {
  enum Status { PASS, FAIL, SKIP }

  static EvalOutcome pass(String file, EvalCommand e) {
    return new EvalOutcome(file, e.line, e.query, Status.PASS, null, null);
  }

  static EvalOutcome fail(String file, int line, String query, Failure f) {
    return new EvalOutcome(file, line, query, Status.FAIL, f, null);
  }

  static EvalOutcome skip(String file, int line, String query, String reason) {
    return new EvalOutcome(file, line, query, Status.SKIP, null, reason);
  }

  /** {@code file:line}, the key of the known-failures list. */
  String key() {
    return file + ":" + line;
  }
}
