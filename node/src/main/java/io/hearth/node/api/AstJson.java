package io.hearth.node.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.AtModifier;
import io.hearth.promql.ast.BinaryExpr;
import io.hearth.promql.ast.Call;
import io.hearth.promql.ast.DurationExpr;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.MatrixSelector;
import io.hearth.promql.ast.NumberLiteral;
import io.hearth.promql.ast.ParenExpr;
import io.hearth.promql.ast.StringLiteral;
import io.hearth.promql.ast.SubqueryExpr;
import io.hearth.promql.ast.UnaryExpr;
import io.hearth.promql.ast.ValueType;
import io.hearth.promql.ast.VectorMatching;
import io.hearth.promql.ast.VectorSelector;
import io.hearth.sharding.api.Matcher;
import java.io.IOException;
import java.util.List;

/** The syntax tree as {@code /api/v1/parse_query} returns it (the shape of Prometheus's translateAST). */
final class AstJson {
  private AstJson() {}

  static void write(JsonGenerator g, Expr e) throws IOException {
    g.writeStartObject();
    if (e instanceof NumberLiteral n) {
      g.writeStringField("type", "numberLiteral");
      g.writeStringField("val", PromJson.formatFloat(n.value()));
    } else if (e instanceof StringLiteral s) {
      g.writeStringField("type", "stringLiteral");
      g.writeStringField("val", s.value());
    } else if (e instanceof ParenExpr p) {
      g.writeStringField("type", "parenExpr");
      g.writeFieldName("expr");
      write(g, p.expr());
    } else if (e instanceof UnaryExpr u) {
      g.writeStringField("type", "unaryExpr");
      g.writeStringField("op", u.op().symbol);
      g.writeFieldName("expr");
      write(g, u.expr());
    } else if (e instanceof BinaryExpr b) {
      g.writeStringField("type", "binaryExpr");
      g.writeStringField("op", b.operatorString());
      g.writeFieldName("lhs");
      write(g, b.lhs());
      g.writeFieldName("rhs");
      write(g, b.rhs());
      if (b.matching() != null) {
        VectorMatching m = b.matching();
        g.writeObjectFieldStart("matching");
        g.writeStringField("card", m.card().toString().toLowerCase().replace('_', '-'));
        strings(g, "labels", m.matchingLabels());
        g.writeBooleanField("on", m.on());
        strings(g, "include", m.include());
        g.writeEndObject();
      } else {
        g.writeNullField("matching");
      }
      g.writeBooleanField("bool", b.returnBool());
    } else if (e instanceof AggregateExpr a) {
      g.writeStringField("type", "aggregation");
      g.writeStringField("op", a.operatorString());
      g.writeFieldName("expr");
      write(g, a.expr());
      g.writeFieldName("param");
      if (a.param() == null) g.writeNull();
      else write(g, a.param());
      strings(g, "grouping", a.grouping());
      g.writeBooleanField("without", a.without());
    } else if (e instanceof Call c) {
      g.writeStringField("type", "call");
      g.writeObjectFieldStart("func");
      g.writeStringField("name", c.function().name());
      g.writeArrayFieldStart("argTypes");
      for (ValueType t : c.function().argTypes()) g.writeString(typeName(t));
      g.writeEndArray();
      g.writeNumberField("variadic", c.function().variadic());
      g.writeStringField("returnType", typeName(c.function().returnType()));
      g.writeEndObject();
      g.writeArrayFieldStart("args");
      for (Expr a : c.args()) write(g, a);
      g.writeEndArray();
    } else if (e instanceof MatrixSelector m) {
      g.writeStringField("type", "matrixSelector");
      selector(g, m.selector());
      g.writeNumberField("range", duration(m.range()));
    } else if (e instanceof SubqueryExpr s) {
      g.writeStringField("type", "subquery");
      g.writeFieldName("expr");
      write(g, s.expr());
      g.writeNumberField("range", duration(s.range()));
      g.writeNumberField("offset", duration(s.offset()));
      g.writeNumberField("step", duration(s.step()));
      at(g, s.at());
    } else if (e instanceof VectorSelector v) {
      g.writeStringField("type", "vectorSelector");
      selector(g, v);
    } else {
      g.writeStringField("type", e.getClass().getSimpleName());
      g.writeStringField("expr", e.toString());
    }
    g.writeEndObject();
  }

  private static long duration(DurationExpr d) {
    if (d == null) return 0;
    try {
      return d.millis(0, 0, true);
    } catch (RuntimeException ex) {
      return 0;
    }
  }

  private static void selector(JsonGenerator g, VectorSelector v) throws IOException {
    g.writeStringField("name", v.name() == null ? "" : v.name());
    g.writeArrayFieldStart("matchers");
    for (Matcher m : v.matchers()) {
      g.writeStartObject();
      g.writeStringField("type", m.type().op);
      g.writeStringField("name", m.name());
      g.writeStringField("value", m.value());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeNumberField("offset", duration(v.offset()));
    at(g, v.at());
  }

  private static void at(JsonGenerator g, AtModifier at) throws IOException {
    if (at == null) {
      g.writeNullField("timestamp");
      g.writeNullField("startOrEnd");
    } else if (at.kind() == AtModifier.Kind.START || at.kind() == AtModifier.Kind.END) {
      g.writeNullField("timestamp");
      g.writeStringField("startOrEnd", at.kind().toString().toLowerCase());
    } else {
      g.writeNumberField("timestamp", at.timestampMs());
      g.writeNullField("startOrEnd");
    }
  }

  private static String typeName(ValueType t) {
    switch (t.toString()) {
      case "VECTOR": return "vector";
      case "MATRIX": return "matrix";
      case "SCALAR": return "scalar";
      case "STRING": return "string";
      default: return t.toString().toLowerCase();
    }
  }

  private static void strings(JsonGenerator g, String field, List<String> l) throws IOException {
    g.writeArrayFieldStart(field);
    for (String s : l) g.writeString(s);
    g.writeEndArray();
  }
}
