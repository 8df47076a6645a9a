package io.hearth.promql.parser;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.AggregateOp;
import io.hearth.promql.ast.AtModifier;
import io.hearth.promql.ast.BinaryExpr;
import io.hearth.promql.ast.BinaryOp;
import io.hearth.promql.ast.Call;
import io.hearth.promql.ast.DurationExpr;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.Function;
import io.hearth.promql.ast.Functions;
import io.hearth.promql.ast.MatrixSelector;
import io.hearth.promql.ast.NumberLiteral;
import io.hearth.promql.ast.ParenExpr;
import io.hearth.promql.ast.PosRange;
import io.hearth.promql.ast.StringLiteral;
import io.hearth.promql.ast.SubqueryExpr;
import io.hearth.promql.ast.UnaryExpr;
import io.hearth.promql.ast.UnaryOp;
import io.hearth.promql.ast.ValueType;
import io.hearth.promql.ast.VectorMatchCardinality;
import io.hearth.promql.ast.VectorMatching;
import io.hearth.promql.ast.VectorSelector;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.text.GoQuote;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recursive-descent parser for PromQL expressions with Prometheus's precedence: {@code or} <
 * {@code and unless} < comparisons < {@code + -} < {@code * / % atan2} < {@code ^}
 * (right-associative); unary {@code -} binds like {@code *}, so {@code -2^2} is {@code -(2^2)};
 * {@code offset}, {@code @}, {@code [..]}, {@code anchored} and {@code smoothed} are postfix and
 * bind tightest. Type checks run afterwards in {@link Checker}.
 */
final class ExprParser {
  private final Cursor c;
  private final ParserOptions options;
  /** Vector matching as written, before normalisation, for {@link Checker}. */
  final Map<BinaryExpr, VectorMatching> writtenMatching = new IdentityHashMap<>();

  ExprParser(Cursor c, ParserOptions options) {
    this.c = c;
    this.options = options;
  }

  Expr parseQuery() {
    if (c.at(TokenType.EOF)) {
      throw c.fail(0, "no expression found in input");
    }
    Expr e = binary(0);
    if (!c.at(TokenType.EOF)) {
      throw c.unexpected("", "");
    }
    return e;
  }

  /** {@code metric_identifier label_matchers | metric_identifier | label_matchers}, then end of input. */
  VectorSelector parseSelectorOnly() {
    Token t = c.peek();
    VectorSelector vs;
    if (t.is(TokenType.LEFT_BRACE)) {
      vs = selector(null);
    } else if (isMetricWord(t)) {
      c.next();
      vs = selector(t);
    } else {
      throw c.unexpected("", "");
    }
    if (!c.at(TokenType.EOF)) {
      throw c.unexpected("", "");
    }
    c.throwRecorded();
    return vs;
  }

  // ---- binary and unary expressions

  private Expr binary(int minPrec) {
    Expr lhs = unary();
    while (true) {
      BinaryOp op = binaryOp(c.peek().type());
      if (op == null || op.precedence < minPrec) {
        return lhs;
      }
      c.next();
      boolean returnBool = false;
      if (c.at(TokenType.BOOL)) {
        c.next();
        returnBool = true;
      }
      VectorMatching vm = matching();
      Expr rhs = binary(op.isRightAssociative() ? op.precedence : op.precedence + 1);
      lhs = newBinary(op, lhs, rhs, vm, returnBool);
    }
  }

  private VectorMatching matching() {
    VectorMatchCardinality card = VectorMatchCardinality.ONE_TO_ONE;
    List<String> labels = List.of();
    List<String> include = List.of();
    boolean on = false;
    boolean hasOnOrIgnoring = false;
    if (c.at(TokenType.ON) || c.at(TokenType.IGNORING)) {
      on = c.next().is(TokenType.ON);
      labels = groupingLabels();
      hasOnOrIgnoring = true;
    }
    if (hasOnOrIgnoring && (c.at(TokenType.GROUP_LEFT) || c.at(TokenType.GROUP_RIGHT))) {
      card = c.next().is(TokenType.GROUP_LEFT) ? VectorMatchCardinality.MANY_TO_ONE : VectorMatchCardinality.ONE_TO_MANY;
      if (c.at(TokenType.LEFT_PAREN)) {
        include = groupingLabels();
      }
    }
    Double fillLeft = null;
    Double fillRight = null;
    while (c.at(TokenType.FILL) || c.at(TokenType.FILL_LEFT) || c.at(TokenType.FILL_RIGHT)) {
      Token kw = c.next();
      double v = fillValue();
      if (kw.is(TokenType.FILL)) {
        fillLeft = v;
        fillRight = v;
      } else if (kw.is(TokenType.FILL_LEFT)) {
        fillLeft = v;
      } else {
        fillRight = v;
      }
      if (!options.fillModifiers()) {
        c.record(kw.pos(), "binop fill modifiers are experimental and not enabled");
      }
    }
    return new VectorMatching(card, labels, on, include, fillLeft, fillRight);
  }

  private double fillValue() {
    c.expect(TokenType.LEFT_PAREN);
    Token t = c.peek();
    double sign = 1;
    if (t.is(TokenType.ADD) || t.is(TokenType.SUB)) {
      c.next();
      sign = t.is(TokenType.SUB) ? -1 : 1;
    }
    Token n = c.peek();
    double v;
    if (n.is(TokenType.NUMBER)) {
      c.next();
      v = number(n);
    } else if (n.is(TokenType.DURATION)) {
      c.next();
      v = DurationParser.durationSeconds(c, n);
    } else {
      throw c.unexpected("fill modifier", "number");
    }
    c.expect(TokenType.RIGHT_PAREN);
    return sign * v;
  }

  private Expr newBinary(BinaryOp op, Expr lhs, Expr rhs, VectorMatching written, boolean returnBool) {
    VectorMatching vm = written;
    if (lhs.type() != ValueType.VECTOR || rhs.type() != ValueType.VECTOR) {
      vm = null;
    } else if (op.isSetOperator() && vm.card() == VectorMatchCardinality.ONE_TO_ONE) {
      vm = vm.withCard(VectorMatchCardinality.MANY_TO_MANY);
    }
    BinaryExpr b = new BinaryExpr(op, lhs, rhs, vm, returnBool, PosRange.span(lhs.posRange(), rhs.posRange()));
    writtenMatching.put(b, written);
    return b;
  }

  private Expr unary() {
    Token t = c.peek();
    if (t.is(TokenType.ADD) || t.is(TokenType.SUB)) {
      c.next();
      Expr e = binary(BinaryOp.POW.precedence);
      PosRange p = new PosRange(t.pos(), e.posRange().end());
      if (e instanceof NumberLiteral) {
        NumberLiteral n = (NumberLiteral) e;
        return new NumberLiteral(t.is(TokenType.SUB) ? -n.value() : n.value(), n.duration(), p);
      }
      return new UnaryExpr(t.is(TokenType.SUB) ? UnaryOp.MINUS : UnaryOp.PLUS, e, p);
    }
    return postfix(primary());
  }

  // ---- primaries

  private Expr primary() {
    Token t = c.peek();
    switch (t.type()) {
      case NUMBER:
        c.next();
        return new NumberLiteral(number(t), false, range(t));
      case DURATION:
        c.next();
        return new NumberLiteral(DurationParser.durationSeconds(c, t), true, range(t));
      case STRING: {
        c.next();
        byte[] b = unquoteBytes(t);
        return new StringLiteral(new String(b, StandardCharsets.UTF_8), range(t), GoQuote.quote(b));
      }
      case LEFT_PAREN: {
        c.next();
        Expr inner = binary(0);
        Token close = c.expect(TokenType.RIGHT_PAREN);
        return new ParenExpr(inner, new PosRange(t.pos(), close.end()));
      }
      case LEFT_BRACE:
        return selector(null);
      case AGGREGATOR: {
        TokenType after = c.peekAhead(1).type();
        if (after == TokenType.LEFT_PAREN || after == TokenType.BY || after == TokenType.WITHOUT) {
          return aggregation();
        }
        c.next();
        return selector(t);
      }
      case IDENTIFIER:
      case START:
      case END:
      case STEP:
      case RANGE:
        if (c.peekAhead(1).is(TokenType.LEFT_PAREN)) {
          return call();
        }
        c.next();
        return selector(t);
      default:
        if (isMetricWord(t)) {
          c.next();
          return selector(t);
        }
        throw c.unexpected("", "");
    }
  }

  private static boolean isMetricWord(Token t) {
    switch (t.type()) {
      case IDENTIFIER: case METRIC_IDENTIFIER: case AGGREGATOR: case BY: case WITHOUT: case OFFSET:
      case LAND: case LOR: case LUNLESS: case START: case END: case STEP: case RANGE: case ANCHORED:
      case SMOOTHED:
        return true;
      default:
        return false;
    }
  }

  private Expr aggregation() {
    Token opTok = c.next();
    AggregateOp op = AggregateOp.of(opTok.text());
    List<String> grouping = List.of();
    boolean without = false;
    boolean modifierFirst = c.at(TokenType.BY) || c.at(TokenType.WITHOUT);
    if (modifierFirst) {
      without = c.next().is(TokenType.WITHOUT);
      grouping = groupingLabels();
    }
    if (!c.at(TokenType.LEFT_PAREN)) {
      throw c.unexpected("aggregation", "");
    }
    List<Expr> args = callArgs();
    if (!modifierFirst && (c.at(TokenType.BY) || c.at(TokenType.WITHOUT))) {
      without = c.next().is(TokenType.WITHOUT);
      grouping = groupingLabels();
    }
    PosRange p = new PosRange(opTok.pos(), c.lastClosing());
    if (args.isEmpty()) {
      c.record(p.start(), "no arguments for aggregate expression provided");
      return new AggregateExpr(op, new NumberLiteral(0, p), null, grouping, without, p);
    }
    int desired = 1;
    Expr param = null;
    if (op.hasParam) {
      if (op.experimental && !options.experimentalFunctions()) {
        c.record(p.start(), op.keyword + "() is experimental and must be enabled with "
            + "--enable-feature=promql-experimental-functions");
      }
      desired = 2;
      param = args.get(0);
    }
    if (args.size() != desired) {
      c.record(p.start(), "wrong number of arguments for aggregate expression provided, expected "
          + desired + ", got " + args.size());
      return new AggregateExpr(op, args.get(args.size() - 1), param, grouping, without, p);
    }
    return new AggregateExpr(op, args.get(desired - 1), param, grouping, without, p);
  }

  private List<String> groupingLabels() {
    if (!c.at(TokenType.LEFT_PAREN)) {
      throw c.unexpected("grouping opts", "\"(\"");
    }
    c.next();
    List<String> labels = new ArrayList<>();
    while (!c.at(TokenType.RIGHT_PAREN)) {
      Token t = c.peek();
      if (t.is(TokenType.STRING)) {
        c.next();
        labels.add(unquote(t));
      } else if (isLabelWord(t)) {
        c.next();
        labels.add(t.text());
      } else {
        throw c.unexpected("grouping opts", "label");
      }
      if (c.at(TokenType.COMMA)) {
        c.next();
      } else if (!c.at(TokenType.RIGHT_PAREN)) {
        throw c.unexpected("grouping opts", "\",\" or \")\"");
      }
    }
    c.next();
    return labels;
  }

  private static boolean isLabelWord(Token t) {
    if (t.type() == TokenType.IDENTIFIER || t.type() == TokenType.AGGREGATOR) {
      return true;
    }
    if (t.type().kind == TokenType.Kind.KEYWORD) {
      return true;
    }
    switch (t.type()) {
      case LAND: case LOR: case LUNLESS: case ATAN2: case START: case END: case STEP: case RANGE:
        return true;
      default:
        return false;
    }
  }

  private Expr call() {
    Token name = c.next();
    Function fn = Functions.lookup(name.text());
    if (fn == null) {
      c.record(name.pos(), "unknown function with name " + GoText.quote(name.text()));
    } else if (fn.experimental() && !options.experimentalFunctions()) {
      c.record(name.pos(), "function " + GoText.quote(name.text()) + " is not enabled");
    }
    List<Expr> args = callArgs();
    PosRange p = new PosRange(name.pos(), c.lastClosing());
    if (fn == null) {
      fn = new Function(name.text(), List.of(), -1, ValueType.VECTOR, false);
    }
    if (fn.name().equals("info") && args.size() > 1 && args.get(1) instanceof VectorSelector) {
      VectorSelector vs = (VectorSelector) args.get(1);
      if (vs.name().isEmpty()) {
        args.set(1, vs.withBypassEmptyMatcherCheck(true));
      }
    }
    return new Call(fn, args, p);
  }

  private List<Expr> callArgs() {
    c.expect(TokenType.LEFT_PAREN);
    List<Expr> args = new ArrayList<>();
    if (c.at(TokenType.RIGHT_PAREN)) {
      c.next();
      return args;
    }
    while (true) {
      args.add(binary(0));
      if (c.at(TokenType.COMMA)) {
        Token comma = c.next();
        if (c.at(TokenType.RIGHT_PAREN)) {
          c.record(comma.pos(), "trailing commas not allowed in function call args");
          break;
        }
        continue;
      }
      break;
    }
    c.expect(TokenType.RIGHT_PAREN);
    return args;
  }

  // ---- selectors

  /** A selector starting at {@code name} (or at the current {@code {} when name is null). */
  private VectorSelector selector(Token name) {
    List<Matcher> matchers = new ArrayList<>();
    int start = name != null ? name.pos() : c.peek().pos();
    int end = name != null ? name.end() : start;
    if (c.at(TokenType.LEFT_BRACE)) {
      end = labelMatchers(matchers);
    }
    String metric = "";
    if (name != null) {
      metric = name.text();
      matchers.add(Matcher.eq("__name__", metric));
    }
    return new VectorSelector(metric, matchers, new PosRange(start, end));
  }

  private int labelMatchers(List<Matcher> out) {
    c.next();
    while (!c.at(TokenType.RIGHT_BRACE)) {
      Token t = c.peek();
      if (t.is(TokenType.IDENTIFIER)) {
        c.next();
        out.add(matcher(t, t.text()));
      } else if (t.is(TokenType.STRING)) {
        c.next();
        if (isMatchOp(c.peek().type())) {
          out.add(matcher(t, unquote(t)));
        } else {
          out.add(Matcher.eq("__name__", unquote(t)));
        }
      } else {
        throw c.unexpected("label matching", "identifier or \"}\"");
      }
      if (c.at(TokenType.COMMA)) {
        c.next();
      } else if (!c.at(TokenType.RIGHT_BRACE)) {
        throw c.unexpected("label matching", "\",\" or \"}\"");
      }
    }
    return c.next().end();
  }

  private static boolean isMatchOp(TokenType t) {
    return t == TokenType.EQL || t == TokenType.NEQ || t == TokenType.EQL_REGEX || t == TokenType.NEQ_REGEX;
  }

  private Matcher matcher(Token label, String name) {
    Token op = c.peek();
    if (!isMatchOp(op.type())) {
      throw c.unexpected("label matching", "label matching operator");
    }
    c.next();
    Token value = c.peek();
    if (!value.is(TokenType.STRING)) {
      throw c.unexpected("label matching", "string");
    }
    c.next();
    String v = unquote(value);
    Matcher.Type type;
    switch (op.type()) {
      case EQL: type = Matcher.Type.EQ; break;
      case NEQ: type = Matcher.Type.NEQ; break;
      case EQL_REGEX: type = Matcher.Type.RE; break;
      default: type = Matcher.Type.NRE;
    }
    if (type == Matcher.Type.RE || type == Matcher.Type.NRE) {
      try {
        com.google.re2j.Pattern.compile(v, com.google.re2j.Pattern.DOTALL);
      } catch (com.google.re2j.PatternSyntaxException e) {
        c.record(label.pos(), regexpError(e, v));
        return Matcher.eq(name, v);
      }
    }
    try {
      return Matcher.of(type, name, v);
    } catch (IllegalArgumentException e) {
      c.record(label.pos(), e.getMessage());
      return Matcher.eq(name, v);
    }
  }

  // ---- postfix modifiers

  private Expr postfix(Expr e) {
    while (true) {
      Token t = c.peek();
      switch (t.type()) {
        case LEFT_BRACKET: e = rangeOrSubquery(e); break;
        case OFFSET: e = offset(e); break;
        case AT: e = at(e); break;
        case ANCHORED:
        case SMOOTHED:
          c.next();
          e = extended(e, t);
          break;
        default:
          return e;
      }
    }
  }

  private Expr rangeOrSubquery(Expr e) {
    Token lb = c.next();
    if (c.at(TokenType.RIGHT_BRACKET)) {
      throw c.unexpected("subquery selector", "duration");
    }
    DurationParser dp = new DurationParser(c, "subquery selector", "duration");
    DurationExpr range = durationValue(dp.expr());
    if (c.at(TokenType.RIGHT_BRACKET)) {
      positiveRange(range);
      Token rb = c.next();
      String err = null;
      if (!(e instanceof VectorSelector)) {
        err = "ranges only allowed for vector selectors";
      } else if (hasOffset(((VectorSelector) e).offset())) {
        err = "no offset modifiers allowed before range";
      } else if (((VectorSelector) e).at() != null) {
        err = "no @ modifiers allowed before range";
      }
      if (err != null) {
        c.record(lb.pos(), err);
        return e;
      }
      VectorSelector vs = (VectorSelector) e;
      return new MatrixSelector(vs, range, new PosRange(vs.posRange().start(), rb.end()));
    }
    if (!c.at(TokenType.COLON)) {
      throw c.unexpected("subquery or range", "\":\" or \"]\"");
    }
    c.next();
    DurationExpr step = null;
    if (!c.at(TokenType.RIGHT_BRACKET)) {
      step = durationValue(new DurationParser(c, "subquery selector", "duration or \"]\"").expr());
      if (!c.at(TokenType.RIGHT_BRACKET)) {
        throw c.unexpected("subquery selector", "\"]\"");
      }
    }
    Token rb = c.next();
    return new SubqueryExpr(e, range, step, null, null, new PosRange(e.posRange().start(), rb.end()));
  }

  private DurationExpr durationValue(DurationExpr d) {
    if (!d.isLiteral() && !options.durationExpressions()) {
      c.record(d.posRange().start(), "experimental duration expression is not enabled");
    }
    return d;
  }

  /**
   * A range selector's range written as a duration literal ({@code [0s]}) must be greater than 0: as
   * in Prometheus, a parse error at the literal. Other ranges are checked when evaluated; a subquery
   * step of {@code 0s} means the default step.
   */
  private void positiveRange(DurationExpr d) {
    if (d instanceof DurationExpr.Number && ((DurationExpr.Number) d).duration() && d.seconds(0, 0) <= 0) {
      c.record(d.posRange().start(), "duration must be greater than 0");
    }
  }

  /**
   * Go's regexp error text, quoting the regexp as written as Prometheus 3.x does (it parses it with
   * DotNL), not the {@code (?s)} that re2j prefixes to it for {@code DOTALL}. An error about a part
   * of the regexp (an escape, a repetition) quotes that part.
   */
  private static String regexpError(com.google.re2j.PatternSyntaxException e, String regexp) {
    String quoted = e.getPattern();
    if (quoted == null) {
      return e.getMessage();
    }
    if (quoted.equals("(?s)" + regexp)) {
      quoted = regexp;
    }
    return "error parsing regexp: " + e.getDescription() + ": `" + quoted + "`";
  }

  private static boolean hasOffset(DurationExpr d) {
    return d != null && !(d.isLiteral() && (long) (d.seconds(0, 0) * 1000) == 0);
  }

  private Expr offset(Expr e) {
    c.next();
    Token t = c.peek();
    DurationExpr d;
    if (t.is(TokenType.ADD) || t.is(TokenType.SUB) || t.is(TokenType.NUMBER) || t.is(TokenType.DURATION)
        || t.is(TokenType.LEFT_PAREN) || t.is(TokenType.STEP) || t.is(TokenType.RANGE)
        || t.is(TokenType.IDENTIFIER)) {
      d = durationValue(new DurationParser(c, "offset", "number or duration").offsetOperand());
    } else {
      throw c.unexpected("offset", "number or duration");
    }
    int end = c.lastClosing();
    if (e instanceof VectorSelector) {
      VectorSelector vs = (VectorSelector) e;
      if (hasOffset(vs.offset())) {
        c.record(e.posRange().start(), "offset may not be set multiple times");
        return e;
      }
      return vs.withOffset(d).withPosRange(new PosRange(vs.posRange().start(), end));
    }
    if (e instanceof MatrixSelector) {
      MatrixSelector m = (MatrixSelector) e;
      if (hasOffset(m.selector().offset())) {
        c.record(e.posRange().start(), "offset may not be set multiple times");
        return e;
      }
      return new MatrixSelector(m.selector().withOffset(d), m.range(), new PosRange(m.posRange().start(), end));
    }
    if (e instanceof SubqueryExpr) {
      SubqueryExpr s = (SubqueryExpr) e;
      if (hasOffset(s.offset())) {
        c.record(e.posRange().start(), "offset may not be set multiple times");
        return e;
      }
      return s.withOffset(d).withPosRange(new PosRange(s.posRange().start(), end));
    }
    c.record(e.posRange().start(),
        "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    return e;
  }

  private Expr at(Expr e) {
    c.next();
    Token t = c.peek();
    AtModifier at;
    if (t.is(TokenType.START) || t.is(TokenType.END)) {
      c.next();
      // As Prometheus's grammar (expr AT error): any syntax error after @ expects a timestamp.
      if (!c.at(TokenType.LEFT_PAREN)) {
        throw c.unexpected("@", "timestamp");
      }
      c.next();
      if (!c.at(TokenType.RIGHT_PAREN)) {
        throw c.unexpected("@", "timestamp");
      }
      c.next();
      at = t.is(TokenType.START) ? AtModifier.START : AtModifier.END;
    } else {
      double sign = 1;
      if (t.is(TokenType.ADD) || t.is(TokenType.SUB)) {
        c.next();
        sign = t.is(TokenType.SUB) ? -1 : 1;
      }
      Token n = c.peek();
      double ts;
      if (n.is(TokenType.NUMBER)) {
        c.next();
        ts = sign * number(n);
      } else if (n.is(TokenType.DURATION)) {
        c.next();
        ts = sign * DurationParser.durationSeconds(c, n);
      } else {
        throw c.unexpected("@", "timestamp");
      }
      if (Double.isNaN(ts) || Double.isInfinite(ts) || ts >= 9.223372036854775807E18 || ts <= -9.223372036854775808E18) {
        c.record(e.posRange().start(), "timestamp out of bounds for @ modifier: "
            + goFixed(ts));
      }
      at = AtModifier.at(roundHalfAwayFromZero(ts * 1000));
    }
    int end = c.lastClosing();
    if (e instanceof VectorSelector) {
      VectorSelector vs = (VectorSelector) e;
      if (vs.at() != null) {
        return atTwice(e);
      }
      return vs.withAt(at).withPosRange(new PosRange(vs.posRange().start(), end));
    }
    if (e instanceof MatrixSelector) {
      MatrixSelector m = (MatrixSelector) e;
      if (m.selector().at() != null) {
        return atTwice(e);
      }
      return new MatrixSelector(m.selector().withAt(at), m.range(), new PosRange(m.posRange().start(), end));
    }
    if (e instanceof SubqueryExpr) {
      SubqueryExpr s = (SubqueryExpr) e;
      if (s.at() != null) {
        return atTwice(e);
      }
      return s.withAt(at).withPosRange(new PosRange(s.posRange().start(), end));
    }
    c.record(e.posRange().start(),
        "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    return e;
  }

  /** Go's {@code %f}. */
  private static String goFixed(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return String.format(java.util.Locale.ROOT, "%f", v);
  }

  private Expr atTwice(Expr e) {
    c.record(e.posRange().start(), "@ <timestamp> may not be set multiple times");
    return e;
  }

  private static long roundHalfAwayFromZero(double v) {
    double r = Math.floor(Math.abs(v) + 0.5);
    return (long) Math.copySign(r, v);
  }

  private Expr extended(Expr e, Token kw) {
    boolean anchored = kw.is(TokenType.ANCHORED);
    String name = anchored ? "anchored" : "smoothed";
    if (!options.extendedRangeSelectors()) {
      c.record(e.posRange().start(), name + " modifier is experimental and not enabled");
      return e;
    }
    VectorSelector vs;
    if (e instanceof VectorSelector) {
      vs = (VectorSelector) e;
    } else if (e instanceof MatrixSelector) {
      vs = ((MatrixSelector) e).selector();
    } else if (e instanceof SubqueryExpr) {
      c.record(e.posRange().start(), name + " modifier is not supported for subqueries");
      return e;
    } else {
      c.record(e.posRange().start(), name + " modifier not implemented");
      return e;
    }
    if (anchored ? vs.smoothed() : vs.anchored()) {
      c.record(e.posRange().start(), "anchored and smoothed modifiers cannot be used together");
    }
    VectorSelector updated = anchored ? vs.withAnchored(true) : vs.withSmoothed(true);
    if (e instanceof MatrixSelector) {
      MatrixSelector m = (MatrixSelector) e;
      return new MatrixSelector(updated, m.range(), m.posRange());
    }
    return updated;
  }

  // ---- helpers

  private double number(Token t) {
    try {
      return Numbers.parse(t.text());
    } catch (IllegalArgumentException e) {
      c.record(t.pos(), "error parsing number: " + e.getMessage());
      return 0;
    }
  }

  private String unquote(Token t) {
    return new String(unquoteBytes(t), StandardCharsets.UTF_8);
  }

  /** The bytes of the Go string token {@code t} denotes (possibly invalid UTF-8). */
  private byte[] unquoteBytes(Token t) {
    try {
      return Strings.unquoteBytes(t.text());
    } catch (IllegalArgumentException e) {
      c.record(t.pos(), "error unquoting string " + GoText.quote(t.text()) + ": " + e.getMessage());
      return new byte[0];
    }
  }

  private static PosRange range(Token t) {
    return new PosRange(t.pos(), t.end());
  }

  private static BinaryOp binaryOp(TokenType t) {
    switch (t) {
      case ADD: return BinaryOp.ADD;
      case SUB: return BinaryOp.SUB;
      case MUL: return BinaryOp.MUL;
      case DIV: return BinaryOp.DIV;
      case MOD: return BinaryOp.MOD;
      case POW: return BinaryOp.POW;
      case ATAN2: return BinaryOp.ATAN2;
      case TRIM_UPPER: return BinaryOp.TRIM_UPPER;
      case TRIM_LOWER: return BinaryOp.TRIM_LOWER;
      case EQLC: return BinaryOp.EQL;
      case NEQ: return BinaryOp.NEQ;
      case LSS: return BinaryOp.LSS;
      case LTE: return BinaryOp.LTE;
      case GTR: return BinaryOp.GTR;
      case GTE: return BinaryOp.GTE;
      case LAND: return BinaryOp.AND;
      case LOR: return BinaryOp.OR;
      case LUNLESS: return BinaryOp.UNLESS;
      default: return null;
    }
  }
}
