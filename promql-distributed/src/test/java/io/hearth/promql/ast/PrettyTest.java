package io.hearth.promql.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.promql.parser.Parser;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pretty printer against the behaviour of Prometheus's prettier (prettier_test.go runs with a
 * line limit of 10, so most cases here do too).
 */
class PrettyTest {
  private static String lines(String... l) {
    return String.join("\n", l);
  }

  private static Arguments c(String in, String... out) {
    return Arguments.of(in, lines(out));
  }

  static Stream<Arguments> limit10() {
    return Stream.of(
        // Aggregations.
        c("sum(foo)", "sum(foo)"),
        c("sum by() (task:errors:rate10s{job=\"s\"})",
            "sum(", "  task:errors:rate10s{job=\"s\"}", ")"),
        c("sum without(job,foo) (task:errors:rate10s{job=\"s\"})",
            "sum without (job, foo) (", "  task:errors:rate10s{job=\"s\"}", ")"),
        c("sum(task:errors:rate10s{job=\"s\"}) by(job,foo)",
            "sum by (job, foo) (", "  task:errors:rate10s{job=\"s\"}", ")"),
        c("topk(10, ask:errors:rate10s{job=\"s\"})",
            "topk(", "  10,", "  ask:errors:rate10s{job=\"s\"}", ")"),
        c("sum by(job,foo) (sum by(job,foo) (sum by(job,foo) (task:errors:rate10s{job=\"s\"})))",
            "sum by (job, foo) (",
            "  sum by (job, foo) (",
            "    sum by (job, foo) (",
            "      task:errors:rate10s{job=\"s\"}",
            "    )",
            "  )",
            ")"),
        c("sum by(job,foo) # first\n(sum(task:errors:rate10s{job=\"s\"}) without(job,foo)) # second",
            "sum by (job, foo) (",
            "  sum without (job, foo) (",
            "    task:errors:rate10s{job=\"s\"}",
            "  )",
            ")"),
        // Binary operations.
        c("a+b", "a + b"),
        c("a == bool 1", "  a", "== bool", "  1"),
        c("a + ignoring(job) b", "  a", "+ ignoring (job)", "  b"),
        c("foo + baar + foo_3", "  foo + baar", "+", "  foo_3"),
        c("foo_1 + foo_2 + foo_3 + foo_4",
            "      foo_1", "    +", "      foo_2", "  +", "    foo_3", "+", "  foo_4"),
        c("foo_1 + ignoring(foo) foo_2 + ignoring(job) group_left foo_3 + on(instance) group_right foo_4",
            "      foo_1",
            "    + ignoring (foo)",
            "      foo_2",
            "  + ignoring (job) group_left ()",
            "    foo_3",
            "+ on (instance) group_right ()",
            "  foo_4"),
        // Calls.
        c("rate(foo[1m])", "rate(", "  foo[1m]", ")"),
        c("rate(long_vector_selector[10m:1m] @ start() offset 1m)",
            "rate(", "  long_vector_selector[10m:1m] @ start() offset 1m", ")"),
        c("histogram_quantile(0.9, rate(foo[1m]))",
            "histogram_quantile(", "  0.9,", "  rate(", "    foo[1m]", "  )", ")"),
        c("max_over_time(rate(demo_api_request_duration_seconds_count[1m])[1m:] @ start() offset 1m)",
            "max_over_time(",
            "  rate(",
            "    demo_api_request_duration_seconds_count[1m]",
            "  )[1m:] @ start() offset 1m",
            ")"),
        c("label_replace(label_replace(up{service=\"a:c\",job=\"api-server\"}, \"foo\", \"$1\", \"service\", \"(.*):.*\"), \"x\", \"$1\", \"service\", \"(.*)\")",
            "label_replace(",
            "  label_replace(",
            "    up{job=\"api-server\",service=\"a:c\"},",
            "    \"foo\",",
            "    \"$1\",",
            "    \"service\",",
            "    \"(.*):.*\"",
            "  ),",
            "  \"x\",",
            "  \"$1\",",
            "  \"service\",",
            "  \"(.*)\"",
            ")"),
        // Parentheses.
        c("(foo)", "(foo)"),
        c("(_foo_long_)", "(", "  _foo_long_", ")"),
        c("((foo_long))", "(", "  (foo_long)", ")"),
        c("(((foo_long)))", "(", "  (", "    (foo_long)", "  )", ")"),
        c("(1 + 2)", "(1 + 2)"),
        c("(foo + bar)", "(", "  foo + bar", ")"),
        c("((foo_long + bar_long) + bar_2_long)",
            "(",
            "    (",
            "        foo_long",
            "      +",
            "        bar_long",
            "    )",
            "  +",
            "    bar_2_long",
            ")"),
        // Step-invariant-looking selectors are plain selectors.
        c("a @ 1", "a @ 1.000"),
        c("vector_selector @ start()", "vector_selector @ start()"),
        // Unary.
        c("-1", "-1"),
        c("-vector_selector", "-vector_selector"),
        c("(-vector_selector)", "(", "  -vector_selector", ")"),
        c("-histogram_quantile(0.99, sum by (le) (rate(foo[1m])))",
            "-histogram_quantile(",
            "  0.99,",
            "  sum by (le) (",
            "    rate(",
            "      foo[1m]",
            "    )",
            "  )",
            ")"),
        c("(-histogram_quantile(0.9, -rate(foo[1m] @ start())))",
            "(",
            "  -histogram_quantile(",
            "    0.9,",
            "    -rate(",
            "      foo[1m] @ start()",
            "    )",
            "  )",
            ")"),
        // Duration expressions never split.
        c("rate(foo[2*1h])", "rate(", "  foo[2 * 1h]", ")"),
        c("rate(foo[-5m+35m])", "rate(", "  foo[-5m + 35m]", ")"),
        // A subquery that fits is printed without indentation, as Prometheus does.
        c("rate(x[5m:])", "rate(", "x[5m:]", ")"));
  }

  @ParameterizedTest
  @MethodSource("limit10")
  void prettyWithLimit10(String in, String expected) {
    assertEquals(expected, Pretty.format(Parser.parseExpr(in), 10));
  }

  static Stream<Arguments> limit100() {
    return Stream.of(
        c("sum by (job) (rate(http_requests_total[5m]))", "sum by (job) (rate(http_requests_total[5m]))"),
        c("(node_filesystem_avail_bytes{job=\"node\",fstype!=\"\"} / node_filesystem_size_bytes{job=\"node\",fstype!=\"\"} * 100 < 40 and predict_linear(node_filesystem_avail_bytes{job=\"node\",fstype!=\"\"}[6h], 24*60*60) < 0 and node_filesystem_readonly{job=\"node\",fstype!=\"\"} == 0)",
            "(",
            // a / b alone is 103 bytes, so it splits too; predict_linear(...) < 0 fits.
            "            node_filesystem_avail_bytes{fstype!=\"\",job=\"node\"}",
            "          /",
            "            node_filesystem_size_bytes{fstype!=\"\",job=\"node\"}",
            "        *",
            "          100",
            "      <",
            "        40",
            "    and",
            "      predict_linear(node_filesystem_avail_bytes{fstype!=\"\",job=\"node\"}[6h], 24 * 60 * 60) < 0",
            "  and",
            "    node_filesystem_readonly{fstype!=\"\",job=\"node\"} == 0",
            ")"),
        c("min by (job, integration) (rate(alertmanager_notifications_failed_total{job=\"alertmanager\", integration=~\".*\"}[5m]) / rate(alertmanager_notifications_total{job=\"alertmanager\", integration=\"~.*\"}[5m])) > 0.01",
            "  min by (job, integration) (",
            "      rate(alertmanager_notifications_failed_total{integration=~\".*\",job=\"alertmanager\"}[5m])",
            "    /",
            "      rate(alertmanager_notifications_total{integration=\"~.*\",job=\"alertmanager\"}[5m])",
            "  )",
            ">",
            "  0.01"),
        c("1 - ((node_memory_MemAvailable_bytes{job=\"node\"} or (node_memory_Buffers_bytes{job=\"node\"} + node_memory_Cached_bytes{job=\"node\"} + node_memory_MemFree_bytes{job=\"node\"} + node_memory_Slab_bytes{job=\"node\"}) ) / node_memory_MemTotal_bytes{job=\"node\"})",
            "  1",
            "-",
            "  (",
            "      (",
            "          node_memory_MemAvailable_bytes{job=\"node\"}",
            "        or",
            "          (",
            "                node_memory_Buffers_bytes{job=\"node\"} + node_memory_Cached_bytes{job=\"node\"}",
            "              +",
            "                node_memory_MemFree_bytes{job=\"node\"}",
            "            +",
            "              node_memory_Slab_bytes{job=\"node\"}",
            "          )",
            "      )",
            "    /",
            "      node_memory_MemTotal_bytes{job=\"node\"}",
            "  )"));
  }

  @ParameterizedTest
  @MethodSource("limit100")
  void prettyWithDefaultLimit(String in, String expected) {
    assertEquals(expected, Pretty.format(Parser.parseExpr(in)));
  }

  @Test
  void toStringUnchanged() {
    String q = "sum by (job) (rate(a[5m])) / on (job) group_left () sum by (job) (rate(b[5m])) > bool 0.5";
    Expr e = Parser.parseExpr(q);
    assertEquals(q, e.toString());
  }

  @Test
  void stringLiteralsKeepInvalidUtf8BytesAsWritten() {
    // Go strings hold bytes: \xc5 alone is not UTF-8 and prints as written; \xc3\xa9 is é.
    assertEquals("count_values(\"a\\xc5z\", x)", Parser.parseExpr("count_values(\"a\\xc5z\", x)").toString());
    assertEquals("count_values(\"\u00e9\", x)", Parser.parseExpr("count_values(\"\\xc3\\xa9\", x)").toString());
  }
}
