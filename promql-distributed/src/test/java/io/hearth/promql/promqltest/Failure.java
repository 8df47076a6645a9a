package io.hearth.promql.promqltest;

/**
 * Why an eval failed: a short category (what the known-failures list says and the report groups
 * by), an optional qualifier (the exception class of a crash, the text of an "unsupported" error),
 * the stage (the original query, or one of the extra evaluations of README §6.4) and the detail
 * (the first reason, with expected and actual).
 */
record Failure(Category category, String qualifier, String stage, String detail) {
  /** Kinds of failure, phrased for the known-failures list. */
  enum Category {
    SCRIPT_ERROR("file aborted: script error"),
    LOAD_FAILED("file aborted: load failed"),
    UNEXPECTED_ERROR("unexpected error"),
    UNSUPPORTED("unsupported"),
    ENGINE_CRASH("engine crash"),
    TIMEOUT("timeout"),
    MISSING_ERROR("missing error"),
    WRONG_ERROR("wrong error message"),
    MISSING_ANNOTATION("missing annotation"),
    UNEXPECTED_ANNOTATION("unexpected annotation"),
    WRONG_TYPE("wrong result type"),
    MISSING_SERIES("missing series"),
    UNEXPECTED_SERIES("unexpected series"),
    WRONG_VALUE("wrong value"),
    WRONG_HISTOGRAM("wrong histogram"),
    WRONG_KIND("float/histogram mismatch"),
    WRONG_POINTS("wrong points"),
    WRONG_ORDER("wrong order"),
    UNSORTED("unsorted matrix"),
    WRONG_STRING("wrong string");

    final String text;

    Category(String text) {
      this.text = text;
    }
  }

  static final String AT_REWRITE = "@-rewrite";
  static final String RANGE_MODE = "range mode";

  static Failure of(Category c, String detail) {
    return new Failure(c, null, null, detail);
  }

  static Failure of(Category c, String qualifier, String detail) {
    return new Failure(c, qualifier, null, detail);
  }

  /** The same failure, in one of the extra evaluations ({@link #AT_REWRITE}, {@link #RANGE_MODE}). */
  Failure in(String stage, String context) {
    return new Failure(category, qualifier, stage, "[" + stage + ": " + context + "] " + detail);
  }

  /** The short reason of the known-failures list, e.g. {@code wrong value (range mode)}. */
  String reason() {
    return category.text + (qualifier == null ? "" : ": " + qualifier) + (stage == null ? "" : " (" + stage + ")");
  }
}
