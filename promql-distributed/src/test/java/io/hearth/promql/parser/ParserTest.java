package io.hearth.promql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.AggregateOp;
import io.hearth.promql.ast.AtModifier;
import io.hearth.promql.ast.BinaryExpr;
import io.hearth.promql.ast.BinaryOp;
import io.hearth.promql.ast.Call;
import io.hearth.promql.ast.DurationExpr;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.MatrixSelector;
import io.hearth.promql.ast.NumberLiteral;
import io.hearth.promql.ast.PosRange;
import io.hearth.promql.ast.StringLiteral;
import io.hearth.promql.ast.SubqueryExpr;
import io.hearth.promql.ast.UnaryExpr;
import io.hearth.promql.ast.VectorMatchCardinality;
import io.hearth.promql.ast.VectorSelector;
import io.hearth.promql.engine.PromQLException;
import io.hearth.sharding.api.Matcher;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParserTest {

  /** Query, then its printed form (Prometheus's {@code String()}). */
  static Stream<Arguments> printed() {
    return Stream.of(
        Arguments.of("1", "1"),
        Arguments.of("+Inf", "+Inf"),
        Arguments.of("-Inf", "-Inf"),
        Arguments.of("NaN + nan", "NaN + NaN"),
        Arguments.of(".5", "0.5"),
        Arguments.of("5.", "5"),
        Arguments.of("5e-3", "0.005"),
        Arguments.of("5e3", "5000"),
        Arguments.of("0xc", "12"),
        Arguments.of("0755", "493"),
        Arguments.of("-0755", "-493"),
        Arguments.of("1_000", "1000"),
        Arguments.of("+5.5e-3", "0.0055"),
        Arguments.of("-1^2", "-1 ^ 2"),
        Arguments.of("-1*2", "-1 * 2"),
        Arguments.of("1 + 2/(3*1)", "1 + 2 / (3 * 1)"),
        Arguments.of("1 < bool 2 - 1 * 2", "1 < bool 2 - 1 * 2"),
        Arguments.of("time() - 1h", "time() - 1h"),
        Arguments.of("vector(90m)", "vector(1h30m)"),
        Arguments.of("foo", "foo"),
        Arguments.of("foo{a=\"b\", c!=\"d\", e=~\"f\", g!~\"h\",}", "foo{a=\"b\",c!=\"d\",e=~\"f\",g!~\"h\"}"),
        Arguments.of("{__name__=\"foo\"}", "{__name__=\"foo\"}"),
        Arguments.of("{\"my.metric\", \"a.b\"=\"x\"}", "{\"a.b\"=\"x\",__name__=\"my.metric\"}"),
        Arguments.of("foo{a='b\\'c'}", "foo{a=\"b'c\"}"),
        Arguments.of("foo{a=`raw\\n`}", "foo{a=\"raw\\\\n\"}"),
        Arguments.of("foo{a=\"\\u00e9\\x41\\101\\n\"}", "foo{a=\"éAA\\n\"}"),
        Arguments.of("offset{step=\"1s\"}[5m]", "offset{step=\"1s\"}[5m]"),
        Arguments.of("sum", "sum"),
        Arguments.of("foo * sum", "foo * sum"),
        Arguments.of("foo[300]", "foo[5m]"),
        Arguments.of("foo[1h30m] offset 5m", "foo[1h30m] offset 5m"),
        Arguments.of("foo offset -1w", "foo offset -1w"),
        Arguments.of("foo offset 100", "foo offset 1m40s"),
        Arguments.of("foo @ 100 offset 50s", "foo @ 100.000 offset 50s"),
        Arguments.of("foo offset 50s @ 100", "foo @ 100.000 offset 50s"),
        Arguments.of("foo @ -10.5", "foo @ -10.500"),
        Arguments.of("foo @ start()", "foo @ start()"),
        Arguments.of("foo[5m] @ end() offset 1h", "foo[5m] @ end() offset 1h"),
        Arguments.of("rate(foo[5m])[1h:]", "rate(foo[5m])[1h:]"),
        Arguments.of("rate(foo[5m])[1h:0s]", "rate(foo[5m])[1h:]"),
        Arguments.of("rate(foo[5m])[1h:5m] @ 10 offset 1m", "rate(foo[5m])[1h:5m] @ 10.000 offset 1m"),
        Arguments.of("foo[26m+4m]", "foo[26m + 4m]"),
        Arguments.of("foo[2m*(10+5)]", "foo[2m * (10 + 5)]"),
        Arguments.of("foo[-5m+35m]", "foo[-5m + 35m]"),
        Arguments.of("foo[step()+1ms]", "foo[step() + 1ms]"),
        Arguments.of("foo[min_of(step()+1,1h)]", "foo[min_of(step() + 1, 1h)]"),
        Arguments.of("foo[29s+1s:5s+5s]", "foo[29s + 1s:5s + 5s]"),
        Arguments.of("foo offset (100 + 2)", "foo offset (100 + 2)"),
        Arguments.of("foo offset 100 + 2", "foo offset 1m40s + 2"),
        Arguments.of("foo offset -step()*2", "foo offset -step() * 2"),
        Arguments.of("foo offset -(min_of(step(), 2s)-5)+8000", "foo offset -(min_of(step(), 2s) - 5) + 8000"),
        Arguments.of("foo offset range()", "foo offset range()"),
        Arguments.of("increase(foo[1m] anchored)", "increase(foo[1m] anchored)"),
        Arguments.of("foo[1m] smoothed @ 10 offset 1m", "foo[1m] smoothed @ 10.000 offset 1m"),
        Arguments.of("foo @ 100 smoothed", "foo @ 100.000 smoothed"),
        Arguments.of("foo offset -100 smoothed", "foo smoothed offset -1m40s"),
        Arguments.of("sum by (a) (x)", "sum by (a) (x)"),
        Arguments.of("SUM(x) BY (a, b)", "sum by (a, b) (x)"),
        Arguments.of("sum without () (x)", "sum without () (x)"),
        Arguments.of("sum by () (x)", "sum(x)"),
        Arguments.of("sum by (\"a.b\", c,) (x)", "sum by (\"a.b\", c) (x)"),
        Arguments.of("topk by (g) (3, x)", "topk by (g) (3, x)"),
        Arguments.of("count_values(\"v\", x)", "count_values(\"v\", x)"),
        Arguments.of("limitk(2, x)", "limitk(2, x)"),
        Arguments.of("limit_ratio(0.5, x)", "limit_ratio(0.5, x)"),
        Arguments.of("a + on(b) group_left(c) d", "a + on (b) group_left (c) d"),
        Arguments.of("a + on(b) group_left d", "a + on (b) group_left () d"),
        Arguments.of("a / ignoring(b) group_right d", "a / ignoring (b) group_right () d"),
        Arguments.of("a and on() b", "a and on () b"),
        Arguments.of("a > bool on(x) b", "a > bool on (x) b"),
        Arguments.of("a + fill(0) b", "a + fill (0) b"),
        Arguments.of("a + fill_left(5) fill_right(-Inf) b", "a + fill_left (5) fill_right (-Inf) b"),
        Arguments.of("a + on(x) group_left fill_right(1) b", "a + on (x) group_left () fill_right (1) b"),
        Arguments.of("fill + fill(0) other", "fill + fill (0) other"),
        Arguments.of("h </ 2", "h </ 2"),
        Arguments.of("h >/ on (l) f", "h >/ on (l) f"),
        Arguments.of("label_join(up, \"a\", \",\", \"b\", \"c\")", "label_join(up, \"a\", \",\", \"b\", \"c\")"),
        Arguments.of("info(up, {k=\"v\"})", "info(up, {k=\"v\"})"),
        Arguments.of("histogram_quantiles(x, \"q\", 0.1, 0.5)", "histogram_quantiles(x, \"q\", 0.1, 0.5)"),
        Arguments.of("min_of(3, 5)", "min_of(3, 5)"),
        Arguments.of("x # comment\n + 1", "x + 1"),
        Arguments.of("'single'", "\"single\""),
        Arguments.of("-some_metric", "-some_metric"),
        Arguments.of("sum(x)[5m:] offset 1m", "sum(x)[5m:] offset 1m"));
  }

  @ParameterizedTest
  @MethodSource("printed")
  void printsAsPrometheusAndReparsesToTheSameText(String query, String expected) {
    Expr e = Parser.parseExpr(query);
    assertEquals(expected, e.toString());
    assertEquals(expected, Parser.parseExpr(expected).toString());
  }

  /** Query, then Prometheus's error text. */
  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("", "1:1: parse error: no expression found in input"),
        Arguments.of("foo[0s]", "1:5: parse error: duration must be greater than 0"),
        Arguments.of("foo @ start(1)", "1:13: parse error: unexpected number \"1\" in @, expected timestamp"),
        Arguments.of("foo @ end", "1:10: parse error: unexpected end of input in @, expected timestamp"),
        Arguments.of("foo{a=~\"(\"}", "1:5: parse error: error parsing regexp: missing closing ): `(`"),
        Arguments.of("# just a comment\n\n", "1:1: parse error: no expression found in input"),
        Arguments.of("1+", "1:3: parse error: unexpected end of input"),
        Arguments.of("1 /", "1:4: parse error: unexpected end of input"),
        Arguments.of(".", "1:1: parse error: unexpected character: '.'"),
        Arguments.of("2.5.", "1:1: parse error: bad number or duration syntax: \"2.5.\""),
        Arguments.of("100..4", "1:1: parse error: bad number or duration syntax: \"100..\""),
        Arguments.of("0deadbeef", "1:1: parse error: bad number or duration syntax: \"0de\""),
        Arguments.of("*1", "1:1: parse error: unexpected <op:*>"),
        Arguments.of("@@", "1:1: parse error: unexpected <op:@>"),
        Arguments.of("(1))", "1:5: parse error: unexpected right parenthesis ')'"),
        Arguments.of("((1)", "1:5: parse error: unclosed left parenthesis"),
        Arguments.of("(", "1:2: parse error: unclosed left parenthesis"),
        Arguments.of("1e999", "1:1: parse error: error parsing number: strconv.ParseFloat: parsing \"1e999\": value out of range"),
        Arguments.of("1 and 1", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression"),
        Arguments.of("1 == 1", "1:3: parse error: comparisons between scalars must use BOOL modifier"),
        Arguments.of("1 !~ 1", "1:3: parse error: unexpected character after '!': '~'"),
        Arguments.of("1 =~ 1", "1:3: parse error: unexpected character after '=': '~'"),
        Arguments.of("-\"string\"", "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"string\""),
        Arguments.of("-test[5m]", "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"range vector\""),
        Arguments.of("1 offset 1d", "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
        Arguments.of("foo offset 1s offset 2s", "1:1: parse error: offset may not be set multiple times"),
        Arguments.of("a - on(b) ignoring(c) d", "1:11: parse error: unexpected <ignoring>"),
        Arguments.of("rate(foo)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector"),
        Arguments.of("rate(foo[5m], 1)", "1:1: parse error: expected 1 argument(s) in call to \"rate\", got 2"),
        Arguments.of("label_replace(up, \"a\", \"b\", \"c\")", "1:1: parse error: expected 5 argument(s) in call to \"label_replace\", got 4"),
        Arguments.of("round(up, 1, 2)", "1:1: parse error: expected at most 2 argument(s) in call to \"round\", got 3"),
        Arguments.of("label_join(up)", "1:1: parse error: expected at least 3 argument(s) in call to \"label_join\", got 1"),
        Arguments.of("sum(foo[5m])", "1:5: parse error: expected type instant vector in aggregation expression, got range vector"),
        Arguments.of("topk(foo, bar)", "1:6: parse error: expected type scalar in aggregation parameter, got instant vector"),
        Arguments.of("count_values(1, foo)", "1:14: parse error: expected type string in aggregation parameter, got scalar"),
        Arguments.of("sum()", "1:1: parse error: no arguments for aggregate expression provided"),
        Arguments.of("sum(a, b)", "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 1, got 2"),
        Arguments.of("topk(1)", "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1"),
        Arguments.of("foo + bool bar", "1:5: parse error: bool modifier can only be used on comparison operators"),
        Arguments.of("foo and on(a) group_left(b) bar", "1:1: parse error: no grouping allowed for \"and\" operation"),
        Arguments.of("foo * on(a) group_left(a) bar", "1:5: parse error: label \"a\" must not occur in ON and GROUP clause at once"),
        Arguments.of("foo == on(a) 1", "1:1: parse error: vector matching only allowed between instant vectors"),
        Arguments.of("foo + fill(0) 1", "1:1: parse error: filling in missing series only allowed between instant vectors"),
        Arguments.of("foo or fill(0) bar", "1:1: parse error: filling in missing series not allowed for set operators"),
        Arguments.of("\"foo\" + 1", "1:1: parse error: binary expression must contain only scalar and instant vector types"),
        Arguments.of("{}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
        Arguments.of("{a=~\".*\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
        Arguments.of("foo{__name__=\"bar\"}", "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\""),
        Arguments.of("unknown_fn(x)", "1:1: parse error: unknown function with name \"unknown_fn\""),
        Arguments.of("holt_winters(x[5m], 0.1, 0.1)", "1:1: parse error: unknown function with name \"holt_winters\""),
        Arguments.of("rate(x[5m],)", "1:11: parse error: trailing commas not allowed in function call args"),
        Arguments.of("foo @ 10 @ 20", "1:1: parse error: @ <timestamp> may not be set multiple times"),
        Arguments.of("foo @ Inf", "1:1: parse error: timestamp out of bounds for @ modifier: +Inf"),
        Arguments.of("foo offset 5m[10m]", "1:14: parse error: no offset modifiers allowed before range"),
        Arguments.of("foo @ 5[10m]", "1:8: parse error: no @ modifiers allowed before range"),
        Arguments.of("(foo)[5m]", "1:6: parse error: ranges only allowed for vector selectors"),
        Arguments.of("foo[5m][1h:]", "1:1: parse error: subquery is only allowed on instant vector, got matrix instead"),
        Arguments.of("foo{a=\"b\"", "1:10: parse error: unexpected end of input inside braces"),
        Arguments.of("foo{a=b}", "1:7: parse error: unexpected identifier \"b\" in label matching, expected string"),
        Arguments.of("foo{a b}", "1:7: parse error: unexpected identifier \"b\" in label matching, expected label matching operator"),
        Arguments.of("foo{a=\"b\" c=\"d\"}", "1:11: parse error: unexpected identifier \"c\" in label matching, expected \",\" or \"}\""),
        Arguments.of("foo{1}", "1:5: parse error: unexpected character inside braces: '1'"),
        Arguments.of("sum by foo (x)", "1:8: parse error: unexpected identifier \"foo\" in grouping opts, expected \"(\""),
        Arguments.of("sum by (a b) (x)", "1:11: parse error: unexpected identifier \"b\" in grouping opts, expected \",\" or \")\""),
        Arguments.of("\"\\q\"", "1:1: parse error: unknown escape sequence U+0071 'q'"),
        Arguments.of("\"abc", "1:1: parse error: unterminated quoted string"),
        Arguments.of("foo[5m", "1:7: parse error: unexpected end of input in duration expression"),
        Arguments.of("foo[]", "1:5: parse error: unexpected \"]\" in subquery selector, expected duration"),
        Arguments.of("foo[5m:1m:2m]", "1:10: parse error: unexpected repeated colon in duration expression"),
        Arguments.of("foo[5x]", "1:5: parse error: bad number or duration syntax: \"5\""),
        Arguments.of("foo[1.5h]", "1:5: parse error: unknown unit \".\" in duration \"1.5h\""),
        Arguments.of("foo offset", "1:11: parse error: unexpected end of input in offset, expected number or duration"),
        Arguments.of("foo @", "1:6: parse error: unexpected end of input in @, expected timestamp"),
        Arguments.of("info(up, up)", "1:10: parse error: expected label selectors only, got vector selector instead"),
        Arguments.of("foo[5m] smoothed anchored", "1:1: parse error: anchored and smoothed modifiers cannot be used together"),
        Arguments.of("rate(foo[5m:1m] anchored)", "1:6: parse error: anchored modifier is not supported for subqueries"),
        Arguments.of("a\n+\n)", "3:2: parse error: unexpected right parenthesis ')'"),
        Arguments.of("1 + \n\nfoo{", "3:5: parse error: unexpected end of input inside braces"),
        Arguments.of("\"é\" + x{", "1:10: parse error: unexpected end of input inside braces"));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void reportsPrometheusErrorText(String query, String message) {
    PromQLException e = assertThrows(PromQLException.class, () -> Parser.parseExpr(query));
    assertEquals(message, e.getMessage());
    assertEquals(PromQLException.ErrorType.BAD_DATA, e.errorType());
  }

  @Test
  void unaryMinusBindsLooserThanPowerButFoldsIntoLiterals() {
    Expr e = Parser.parseExpr("-1^2");
    UnaryExpr u = assertInstanceOf(UnaryExpr.class, e);
    assertEquals(BinaryOp.POW, assertInstanceOf(BinaryExpr.class, u.expr()).op());
    BinaryExpr mul = assertInstanceOf(BinaryExpr.class, Parser.parseExpr("-1*2"));
    NumberLiteral lhs = assertInstanceOf(NumberLiteral.class, mul.lhs());
    assertEquals(-1, lhs.value());
    assertEquals(new PosRange(0, 2), lhs.posRange());
  }

  @Test
  void powerIsRightAssociativeAndOthersLeftAssociative() {
    BinaryExpr pow = assertInstanceOf(BinaryExpr.class, Parser.parseExpr("2 ^ 3 ^ 2"));
    assertInstanceOf(NumberLiteral.class, pow.lhs());
    assertInstanceOf(BinaryExpr.class, pow.rhs());
    BinaryExpr sub = assertInstanceOf(BinaryExpr.class, Parser.parseExpr("5 - 3 - 1"));
    assertInstanceOf(BinaryExpr.class, sub.lhs());
    assertInstanceOf(NumberLiteral.class, sub.rhs());
  }

  @Test
  void precedenceLadderFromOrToPower() {
    BinaryExpr or = assertInstanceOf(BinaryExpr.class, Parser.parseExpr("a or b and c unless d > e + f * g ^ h"));
    assertEquals(BinaryOp.OR, or.op());
    BinaryExpr unless = assertInstanceOf(BinaryExpr.class, or.rhs());
    assertEquals(BinaryOp.UNLESS, unless.op());
    assertEquals(BinaryOp.AND, assertInstanceOf(BinaryExpr.class, unless.lhs()).op());
    BinaryExpr gt = assertInstanceOf(BinaryExpr.class, unless.rhs());
    assertEquals(BinaryOp.GTR, gt.op());
    BinaryExpr add = assertInstanceOf(BinaryExpr.class, gt.rhs());
    assertEquals(BinaryOp.ADD, add.op());
    BinaryExpr mul = assertInstanceOf(BinaryExpr.class, add.rhs());
    assertEquals(BinaryOp.MUL, mul.op());
    assertEquals(BinaryOp.POW, assertInstanceOf(BinaryExpr.class, mul.rhs()).op());
  }

  @Test
  void setOperatorsAreManyToManyAndScalarOperandsHaveNoMatching() {
    BinaryExpr and = assertInstanceOf(BinaryExpr.class, Parser.parseExpr("a and on(x) b"));
    assertEquals(VectorMatchCardinality.MANY_TO_MANY, and.matching().card());
    assertEquals(List.of("x"), and.matching().matchingLabels());
    assertTrue(and.matching().on());
    BinaryExpr scalar = assertInstanceOf(BinaryExpr.class, Parser.parseExpr("a * 2"));
    assertNull(scalar.matching());
    BinaryExpr grouped = assertInstanceOf(BinaryExpr.class, Parser.parseExpr("a * ignoring(y) group_right(z) b"));
    assertEquals(VectorMatchCardinality.ONE_TO_MANY, grouped.matching().card());
    assertFalse(grouped.matching().on());
    assertEquals(List.of("z"), grouped.matching().include());
  }

  @Test
  void fillModifiersSetBothSidesOrOne() {
    BinaryExpr both = assertInstanceOf(BinaryExpr.class, Parser.parseExpr("a + fill(NaN) b"));
    assertTrue(both.matching().fillLeft().isNaN());
    assertTrue(both.matching().fillRight().isNaN());
    BinaryExpr left = assertInstanceOf(BinaryExpr.class, Parser.parseExpr("a + fill_left(-1) b"));
    assertEquals(-1.0, left.matching().fillLeft());
    assertNull(left.matching().fillRight());
  }

  @Test
  void selectorKeepsNameMatcherLastAndModifiersOnTheSelector() {
    MatrixSelector m = assertInstanceOf(MatrixSelector.class, Parser.parseExpr("foo{a=\"b\"}[5m] anchored @ 10 offset -1m"));
    VectorSelector vs = m.selector();
    assertEquals("foo", vs.name());
    assertEquals(List.of(Matcher.eq("a", "b"), Matcher.eq("__name__", "foo")), vs.matchers());
    assertTrue(vs.anchored());
    assertEquals(AtModifier.at(10_000), vs.at());
    assertEquals(-60_000, vs.offsetMillis(0, 0));
    assertEquals(300_000, m.rangeMillis(0, 0));
  }

  @Test
  void durationExpressionsEvaluateWithStepAndRange() {
    MatrixSelector m = assertInstanceOf(MatrixSelector.class, Parser.parseExpr("foo[max_of(min_of(step()+1,1h),1ms)]"));
    assertFalse(m.range().isLiteral());
    assertEquals(6_000, m.rangeMillis(5_000, 0));
    VectorSelector vs = assertInstanceOf(VectorSelector.class, Parser.parseExpr("foo offset -(min_of(step(), 2s)-5)"));
    assertEquals(3_000, vs.offsetMillis(5_000, 0));
    VectorSelector r = assertInstanceOf(VectorSelector.class, Parser.parseExpr("foo offset range()"));
    assertEquals(10_000, r.offsetMillis(5_000, 10_000));
    SubqueryExpr s = assertInstanceOf(SubqueryExpr.class, Parser.parseExpr("foo[29s+1s:((((8 - 2) / 3) * 7s) % 4) + 8000ms]"));
    assertEquals(30_000, s.rangeMillis(0, 0));
    assertEquals(10_000, s.stepMillis(0, 0));
    MatrixSelector zero = assertInstanceOf(MatrixSelector.class, Parser.parseExpr("foo[step()]"));
    PromQLException e = assertThrows(PromQLException.class, () -> zero.rangeMillis(0, 0));
    assertEquals("duration must be greater than 0", e.getMessage());
    assertInstanceOf(DurationExpr.Step.class, zero.range());
  }

  @Test
  void offsetOperandStopsBeforeBinaryOperators() {
    BinaryExpr b = assertInstanceOf(BinaryExpr.class, Parser.parseExpr("foo offset 100 + 2"));
    assertEquals(BinaryOp.ADD, b.op());
    assertEquals(100_000, assertInstanceOf(VectorSelector.class, b.lhs()).offsetMillis(0, 0));
    BinaryExpr pow = assertInstanceOf(BinaryExpr.class, Parser.parseExpr("foo offset -2 ^ 2"));
    assertEquals(-2_000, assertInstanceOf(VectorSelector.class, pow.lhs()).offsetMillis(0, 0));
  }

  @Test
  void aggregationGroupingBeforeOrAfterArguments() {
    AggregateExpr a = assertInstanceOf(AggregateExpr.class, Parser.parseExpr("sum(x) without (a, b)"));
    assertEquals(AggregateOp.SUM, a.op());
    assertTrue(a.without());
    assertEquals(List.of("a", "b"), a.grouping());
    AggregateExpr q = assertInstanceOf(AggregateExpr.class, Parser.parseExpr("quantile by (g) (0.9, x)"));
    assertEquals(0.9, assertInstanceOf(NumberLiteral.class, q.param()).value());
    assertEquals(new PosRange(0, 24), q.posRange());
  }

  @Test
  void callCarriesFunctionDescriptorAndPosition() {
    Call c = assertInstanceOf(Call.class, Parser.parseExpr("  rate(foo[5m])"));
    assertEquals("rate", c.function().name());
    assertEquals(new PosRange(2, 15), c.posRange());
    assertEquals("1:3", Positions.lineCol("  rate(foo[5m])", c.posRange()));
  }

  @Test
  void infoSecondArgumentMayMatchEmpty() {
    Call c = assertInstanceOf(Call.class, Parser.parseExpr("info(up, {k=~\".*\"})"));
    assertTrue(assertInstanceOf(VectorSelector.class, c.args().get(1)).bypassEmptyMatcherCheck());
  }

  @Test
  void stringLiteralsUnescape() {
    StringLiteral s = assertInstanceOf(StringLiteral.class, Parser.parseExpr("\"a\\tb\\\"c\\U0001F600\""));
    assertEquals("a\tb\"c\uD83D\uDE00", s.value());
  }

  @Test
  void disabledExperimentalFeaturesAreRejected() {
    PromQLException e = assertThrows(PromQLException.class, () -> Parser.parseExpr("sort_by_label(x, \"a\")", ParserOptions.NONE));
    assertEquals("1:1: parse error: function \"sort_by_label\" is not enabled", e.getMessage());
    e = assertThrows(PromQLException.class, () -> Parser.parseExpr("foo[1m+1m]", ParserOptions.NONE));
    assertEquals("1:5: parse error: experimental duration expression is not enabled", e.getMessage());
    e = assertThrows(PromQLException.class, () -> Parser.parseExpr("limitk(1, x)", ParserOptions.NONE));
    assertEquals("1:1: parse error: limitk() is experimental and must be enabled with --enable-feature=promql-experimental-functions",
        e.getMessage());
  }

  @Test
  void metricSelectorReturnsMatchersWithoutEmptinessCheck() {
    assertEquals(List.of(Matcher.of(Matcher.Type.RE, "job", ".*"), Matcher.eq("__name__", "up")),
        Parser.parseMetricSelector("up{job=~\".*\"}"));
    assertEquals(List.of(Matcher.eq("__name__", "a.b")), Parser.parseMetricSelector("{\"a.b\"}"));
    assertEquals(List.of(), Parser.parseMetricSelector("{}"));
    PromQLException e = assertThrows(PromQLException.class, () -> Parser.parseMetricSelector("up + 1"));
    assertEquals("1:4: parse error: unexpected <op:+>", e.getMessage());
  }
}
