package io.hearth.promql.parser;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.AggregateOp;
import io.hearth.promql.ast.BinaryExpr;
import io.hearth.promql.ast.Call;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.Function;
import io.hearth.promql.ast.MatrixSelector;
import io.hearth.promql.ast.ParenExpr;
import io.hearth.promql.ast.PosRange;
import io.hearth.promql.ast.SubqueryExpr;
import io.hearth.promql.ast.UnaryExpr;
import io.hearth.promql.ast.ValueType;
import io.hearth.promql.ast.VectorMatchCardinality;
import io.hearth.promql.ast.VectorMatching;
import io.hearth.promql.ast.VectorSelector;
import io.hearth.sharding.api.Matcher;
import java.util.List;
import java.util.Map;

/**
 * Prometheus's {@code checkAST}: type checks of operands and arguments and the rules on
 * modifiers, in Prometheus's order, stopping at the first error (the one Prometheus reports).
 */
final class Checker {
  private final String query;
  private final Map<BinaryExpr, VectorMatching> written;

  Checker(String query, Map<BinaryExpr, VectorMatching> written) {
    this.query = query;
    this.written = written;
  }

  ValueType check(Expr node) {
    if (node instanceof AggregateExpr) {
      AggregateExpr n = (AggregateExpr) node;
      expectType(n.expr(), ValueType.VECTOR, "aggregation expression");
      AggregateOp op = n.op();
      if (op == AggregateOp.TOPK || op == AggregateOp.BOTTOMK || op == AggregateOp.QUANTILE
          || op == AggregateOp.LIMITK || op == AggregateOp.LIMIT_RATIO) {
        expectType(n.param(), ValueType.SCALAR, "aggregation parameter");
      }
      if (op == AggregateOp.COUNT_VALUES) {
        expectType(n.param(), ValueType.STRING, "aggregation parameter");
      }
    } else if (node instanceof BinaryExpr) {
      checkBinary((BinaryExpr) node);
    } else if (node instanceof Call) {
      checkCall((Call) node);
    } else if (node instanceof ParenExpr) {
      check(((ParenExpr) node).expr());
    } else if (node instanceof UnaryExpr) {
      UnaryExpr n = (UnaryExpr) node;
      ValueType t = check(n.expr());
      if (t != ValueType.SCALAR && t != ValueType.VECTOR) {
        fail(n.posRange(), "unary expression only allowed on expressions of type scalar or instant vector, got "
            + GoText.quote(t.text()));
      }
    } else if (node instanceof SubqueryExpr) {
      SubqueryExpr n = (SubqueryExpr) node;
      ValueType t = check(n.expr());
      if (t != ValueType.VECTOR) {
        fail(n.posRange(), "subquery is only allowed on instant vector, got " + t.apiName() + " instead");
      }
    } else if (node instanceof MatrixSelector) {
      check(((MatrixSelector) node).selector());
    } else if (node instanceof VectorSelector) {
      checkSelector((VectorSelector) node);
    }
    return node.type();
  }

  private void expectType(Expr node, ValueType want, String context) {
    ValueType t = check(node);
    if (t != want) {
      fail(node.posRange(), "expected type " + want.text() + " in " + context + ", got " + t.text());
    }
  }

  private void checkBinary(BinaryExpr n) {
    ValueType lt = check(n.lhs());
    ValueType rt = check(n.rhs());
    VectorMatching vm = written.get(n);
    if (vm == null) {
      vm = n.matching() != null ? n.matching() : VectorMatching.oneToOne();
    }
    if (n.returnBool() && !n.op().isComparison()) {
      fail(opRange(n), "bool modifier can only be used on comparison operators");
    }
    if (n.op().isComparison() && !n.returnBool() && lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
      fail(opRange(n), "comparisons between scalars must use BOOL modifier");
    }
    VectorMatchCardinality card = vm.card();
    if (n.op().isSetOperator() && card == VectorMatchCardinality.ONE_TO_ONE) {
      card = VectorMatchCardinality.MANY_TO_MANY;
    }
    if (vm.on()) {
      for (String l1 : vm.matchingLabels()) {
        if (vm.include().contains(l1)) {
          fail(opRange(n), "label " + GoText.quote(l1) + " must not occur in ON and GROUP clause at once");
        }
      }
    }
    if (lt != ValueType.SCALAR && lt != ValueType.VECTOR) {
      fail(n.lhs().posRange(), "binary expression must contain only scalar and instant vector types");
    }
    if (rt != ValueType.SCALAR && rt != ValueType.VECTOR) {
      fail(n.rhs().posRange(), "binary expression must contain only scalar and instant vector types");
    }
    if (lt != ValueType.VECTOR || rt != ValueType.VECTOR) {
      if (!vm.matchingLabels().isEmpty()) {
        fail(n.posRange(), "vector matching only allowed between instant vectors");
      }
      if (vm.hasFill()) {
        fail(n.posRange(), "filling in missing series only allowed between instant vectors");
      }
    } else if (n.op().isSetOperator()) {
      if (card == VectorMatchCardinality.ONE_TO_MANY || card == VectorMatchCardinality.MANY_TO_ONE) {
        fail(n.posRange(), "no grouping allowed for " + GoText.quote(n.op().symbol) + " operation");
      }
      if (card != VectorMatchCardinality.MANY_TO_MANY) {
        fail(n.posRange(), "set operations must always be many-to-many");
      }
      if (vm.hasFill()) {
        fail(n.posRange(), "filling in missing series not allowed for set operators");
      }
    }
    if ((lt == ValueType.SCALAR || rt == ValueType.SCALAR) && n.op().isSetOperator()) {
      fail(n.posRange(), "set operator " + GoText.quote(n.op().symbol) + " not allowed in binary scalar expression");
    }
  }

  /** The operator's range: from the first non-space after the left operand to the last before the right. */
  private PosRange opRange(BinaryExpr n) {
    int s = n.lhs().posRange().end();
    while (s < query.length() && Lexer.isSpace(query.charAt(s))) {
      s++;
    }
    int e = n.rhs().posRange().start() - 1;
    while (e > s && Lexer.isSpace(query.charAt(e))) {
      e--;
    }
    return new PosRange(s, e);
  }

  private void checkCall(Call n) {
    Function f = n.function();
    List<Expr> args = n.args();
    int nargs = f.argTypes().size();
    String quoted = GoText.quote(f.name());
    if (f.variadic() == 0) {
      if (nargs != args.size()) {
        fail(n.posRange(), "expected " + nargs + " argument(s) in call to " + quoted + ", got " + args.size());
      }
    } else {
      int na = nargs - 1;
      if (na > args.size()) {
        fail(n.posRange(), "expected at least " + na + " argument(s) in call to " + quoted + ", got " + args.size());
      } else if (f.variadic() > 0 && na + f.variadic() < args.size()) {
        fail(n.posRange(), "expected at most " + (na + f.variadic()) + " argument(s) in call to " + quoted
            + ", got " + args.size());
      }
    }
    if (f.name().equals("info") && args.size() > 1) {
      Expr second = args.get(1);
      if (second.type() != ValueType.VECTOR) {
        fail(n.posRange(), "expected type instant vector in call to function \"info\", got " + second.type().text());
      }
      if (second instanceof VectorSelector) {
        if (!((VectorSelector) second).name().isEmpty()) {
          fail(second.posRange(), "expected label selectors only, got vector selector instead");
        }
      } else {
        fail(second.posRange(), "expected label selectors only");
      }
    }
    for (int i = 0; i < args.size(); i++) {
      int k = i;
      if (k >= nargs) {
        if (f.variadic() == 0) {
          break;
        }
        k = nargs - 1;
      }
      ValueType t = check(args.get(i));
      if (t != f.argTypes().get(k)) {
        fail(args.get(i).posRange(), "expected type " + f.argTypes().get(k).text() + " in call to function "
            + quoted + ", got " + t.text());
      }
    }
  }

  private void checkSelector(VectorSelector n) {
    List<Matcher> ms = n.matchers();
    if (!n.name().isEmpty()) {
      for (int i = 0; i < ms.size() - 1; i++) {
        if (ms.get(i).name().equals("__name__")) {
          fail(n.posRange(), "metric name must not be set twice: " + GoText.quote(n.name()) + " or "
              + GoText.quote(ms.get(i).value()));
        }
      }
      return;
    }
    if (!n.bypassEmptyMatcherCheck()) {
      for (Matcher m : ms) {
        if (!m.matchesEmpty()) {
          return;
        }
      }
      fail(n.posRange(), "vector selector must contain at least one non-empty matcher");
    }
  }

  private void fail(PosRange p, String msg) {
    throw new ParseFailure(p.start(), msg);
  }
}
