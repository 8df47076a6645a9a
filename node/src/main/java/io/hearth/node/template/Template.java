package io.hearth.node.template;

import io.hearth.node.template.Node.Arg;
import io.hearth.node.template.Node.Cmd;
import io.hearth.node.template.Node.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parsed template. {@link #parse} fails with Go's parse error; {@link #execute} walks the tree
 * with {@code missingkey=zero} (a missing label is the empty string) and fails with an error of
 * Go's form ({@code template: NAME:LINE:COL: executing "NAME" at <CMD>: MESSAGE}). Immutable and
 * thread-safe; each execution has its own variables.
 */
public final class Template {
  private final String name;
  private final String text;
  private final List<Node> root;
  private final Functions funcs;

  private Template(String name, String text, List<Node> root, Functions funcs) {
    this.name = name;
    this.text = text;
    this.root = root;
    this.funcs = funcs;
  }

  /** Parses {@code text} knowing the functions of {@code funcs}. */
  public static Template parse(String name, String text, Functions funcs) throws TemplateException {
    return new Template(name, text, TemplateParser.parse(name, text, funcs.names()), funcs);
  }

  /** Runs the template with {@code dot} as {@code .} and {@code $}. */
  public String execute(Object dot) throws TemplateException {
    StringBuilder out = new StringBuilder();
    State s = new State(dot);
    try {
      walkList(s, root, dot, out);
    } catch (ExecFailure e) {
      throw new TemplateException(e.getMessage());
    } catch (LoopControl e) {
      throw new TemplateException("template: " + name + ": break or continue outside range");
    }
    return out.toString();
  }

  /** An execution error, already formatted. */
  private static final class ExecFailure extends RuntimeException {
    ExecFailure(String msg) {
      super(msg, null, false, false);
    }
  }

  private static final class LoopControl extends RuntimeException {
    final boolean isBreak;

    LoopControl(boolean isBreak) {
      super(null, null, false, false);
      this.isBreak = isBreak;
    }
  }

  /** Variables in scope, innermost last. */
  private static final class State {
    final List<String> names = new ArrayList<>();
    final List<Object> values = new ArrayList<>();
    Cmd at;

    State(Object dot) {
      names.add("$");
      values.add(dot);
    }

    Object get(String n) {
      for (int k = names.size() - 1; k >= 0; k--) if (names.get(k).equals(n)) return values.get(k);
      throw new IllegalStateException("undefined variable: " + n);
    }

    void set(String n, Object v) {
      for (int k = names.size() - 1; k >= 0; k--) {
        if (names.get(k).equals(n)) {
          values.set(k, v);
          return;
        }
      }
    }

    void push(String n, Object v) {
      names.add(n);
      values.add(v);
    }

    int mark() {
      return names.size();
    }

    void pop(int mark) {
      while (names.size() > mark) {
        names.remove(names.size() - 1);
        values.remove(values.size() - 1);
      }
    }
  }

  private ExecFailure fail(State s, String msg) {
    if (s.at == null) return new ExecFailure("template: " + name + ": " + msg);
    int pos = s.at.pos();
    int lineStart = text.lastIndexOf('\n', pos - 1) + 1;
    int col = text.substring(lineStart, pos).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    return new ExecFailure("template: " + name + ":" + s.at.line() + ":" + col + ": executing \"" + name + "\" at <"
        + s.at.text() + ">: " + msg);
  }

  private void walkList(State s, List<Node> list, Object dot, StringBuilder out) {
    for (Node n : list) walk(s, n, dot, out);
  }

  private void walk(State s, Node n, Object dot, StringBuilder out) {
    if (n instanceof Node.Text t) {
      out.append(t.text());
    } else if (n instanceof Node.Action a) {
      Object v = evalPipe(s, a.pipe(), dot);
      if (a.pipe().decls().isEmpty()) out.append(printValue(v));
    } else if (n instanceof Node.Branch b) {
      int mark = s.mark();
      Object v = evalPipe(s, b.pipe(), dot);
      switch (b.kind()) {
        case IF:
          if (GoValues.truth(v)) walkList(s, b.list(), dot, out);
          else if (b.elseList() != null) walkList(s, b.elseList(), dot, out);
          break;
        case WITH:
          if (GoValues.truth(v)) walkList(s, b.list(), v, out);
          else if (b.elseList() != null) walkList(s, b.elseList(), dot, out);
          break;
        default:
          range(s, b, v, dot, out);
      }
      s.pop(mark);
    } else if (n instanceof Node.Break) {
      throw new LoopControl(true);
    } else if (n instanceof Node.Continue) {
      throw new LoopControl(false);
    }
  }

  private void range(State s, Node.Branch b, Object v, Object dot, StringBuilder out) {
    List<Object[]> elems = new ArrayList<>();
    if (v instanceof List<?> l) {
      for (int k = 0; k < l.size(); k++) elems.add(new Object[] {(long) k, l.get(k)});
    } else if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) elems.add(new Object[] {e.getKey(), e.getValue()});
    } else if (v instanceof Long count) {
      for (long k = 0; k < count; k++) elems.add(new Object[] {k, k});
    } else if (v != null) {
      throw fail(s, "range can't iterate over " + GoValues.sprint(v));
    }
    if (elems.isEmpty()) {
      if (b.elseList() != null) walkList(s, b.elseList(), dot, out);
      return;
    }
    List<String> decls = b.pipe().decls();
    for (Object[] e : elems) {
      int mark = s.mark();
      if (decls.size() == 1) s.set(decls.get(0), e[1]);
      else if (decls.size() == 2) {
        s.set(decls.get(0), e[0]);
        s.set(decls.get(1), e[1]);
      }
      try {
        walkList(s, b.list(), e[1], out);
      } catch (LoopControl c) {
        s.pop(mark);
        if (c.isBreak) break;
        continue;
      }
      s.pop(mark);
    }
  }

  /** What an action prints: {@code fmt.Fprint} of the value, {@code <no value>} for a missing one. */
  private static String printValue(Object v) {
    if (v == null) return "<no value>";
    return GoValues.sprint(v);
  }

  private Object evalPipe(State s, Pipe p, Object dot) {
    Object v = null;
    boolean hasFinal = false;
    for (Cmd c : p.cmds()) {
      v = evalCommand(s, c, dot, v, hasFinal);
      hasFinal = true;
    }
    for (String d : p.decls()) {
      if (p.isAssign()) s.set(d, v);
      else s.push(d, v);
    }
    return v;
  }

  private Object evalCommand(State s, Cmd c, Object dot, Object fin, boolean hasFinal) {
    Cmd saved = s.at;
    s.at = c;
    try {
      Arg first = c.args().get(0);
      if (first instanceof Node.Ident id) return call(s, id.name(), c.args().subList(1, c.args().size()), dot, fin, hasFinal);
      if (c.args().size() > 1 || hasFinal) {
        throw fail(s, "can't give argument to non-function " + c.text().split("[ |]")[0]);
      }
      return evalArg(s, first, dot);
    } finally {
      s.at = saved;
    }
  }

  private Object evalArg(State s, Arg a, Object dot) {
    if (a instanceof Node.Dot) return dot;
    if (a instanceof Node.Str str) return str.value();
    if (a instanceof Node.Num num) return num.value();
    if (a instanceof Node.Bool b) return b.value();
    if (a instanceof Node.Nil) throw fail(s, "nil is not a command");
    if (a instanceof Node.Field f) return fields(s, dot, f.idents());
    if (a instanceof Node.Var v) return fields(s, s.get(v.name()), v.fields());
    if (a instanceof Node.Paren p) return evalPipe(s, p.pipe(), dot);
    if (a instanceof Node.Chain ch) return fields(s, evalArg(s, ch.base(), dot), ch.fields());
    if (a instanceof Node.Ident id) return call(s, id.name(), List.of(), dot, null, false);
    throw fail(s, "can't evaluate " + a);
  }

  private Object fields(State s, Object receiver, List<String> names) {
    Object v = receiver;
    for (String f : names) {
      if (v instanceof Map<?, ?> m) {
        Object got = m.get(f);
        v = got == null ? (m.isEmpty() || m.values().iterator().next() instanceof String ? "" : null) : got;
      } else if (v instanceof TemplateStruct st) {
        Object got = st.field(f);
        if (got == TemplateStruct.MISSING) throw fail(s, "can't evaluate field " + f + " in type " + st.goType());
        v = got;
      } else if (v == null) {
        throw fail(s, "nil pointer evaluating interface {}." + f);
      } else {
        throw fail(s, "can't evaluate field " + f + " in type " + GoValues.typeName(v));
      }
    }
    return v;
  }

  private Object call(State s, String fn, List<Arg> argNodes, Object dot, Object fin, boolean hasFinal) {
    if (fn.equals("and") || fn.equals("or")) {
      // Short-circuit: arguments are evaluated only as far as needed (Go 1.18+).
      int total = argNodes.size() + (hasFinal ? 1 : 0);
      if (total < 1) throw fail(s, "wrong number of args for " + fn + ": want at least 1 got 0");
      Object v = null;
      for (int k = 0; k < total; k++) {
        v = k < argNodes.size() ? evalArg(s, argNodes.get(k), dot) : fin;
        boolean t = GoValues.truth(v);
        if (fn.equals("and") ? !t : t) return v;
      }
      return v;
    }
    List<Object> args = new ArrayList<>(argNodes.size() + 1);
    for (Arg a : argNodes) args.add(evalArg(s, a, dot));
    if (hasFinal) args.add(fin);
    try {
      return funcs.call(fn, args);
    } catch (Functions.CallError e) {
      throw fail(s, e.getMessage());
    }
  }
}
