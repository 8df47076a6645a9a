package io.hearth.node.template;

import io.hearth.node.template.Lexer.Item;
import io.hearth.node.template.Lexer.Kind;
import io.hearth.node.template.Node.Arg;
import io.hearth.node.template.Node.Cmd;
import io.hearth.node.template.Node.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds the {@link Node} tree from the lexer's items with Go's parse rules and error messages
 * ({@code template: NAME:LINE: MESSAGE}): functions must be known, variables declared, every
 * {@code if}/{@code with}/{@code range} closed by {@code {{end}}}. {@code define}, {@code template}
 * and {@code block} are not supported (rule templates do not use them) and are reported as such.
 */
final class TemplateParser {
  private final String name;
  private final List<Item> items;
  private final Set<String> funcs;
  private final List<String> vars = new ArrayList<>(List.of("$"));
  private int i;
  private int rangeDepth;

  private TemplateParser(String name, List<Item> items, Set<String> funcs) {
    this.name = name;
    this.items = items;
    this.funcs = funcs;
  }

  static List<Node> parse(String name, String text, Set<String> funcs) throws TemplateException {
    TemplateParser p = new TemplateParser(name, Lexer.lex(text), funcs);
    try {
      return p.root();
    } catch (Failure f) {
      throw new TemplateException("template: " + name + ":" + f.line + ": " + f.getMessage());
    }
  }

  /** A parse error at a line (unwound to {@link #parse}). */
  private static final class Failure extends RuntimeException {
    final int line;

    Failure(int line, String msg) {
      super(msg, null, false, false);
      this.line = line;
    }
  }

  private Failure error(String msg) {
    Item cur = items.get(Math.max(0, Math.min(i - 1, items.size() - 1)));
    return new Failure(cur.line(), msg);
  }

  private Item next() {
    Item it = items.get(i);
    if (i < items.size() - 1) i++;
    else i = items.size();
    if (it.kind() == Kind.ERROR) throw new Failure(it.line(), it.text());
    return it;
  }

  private Item peek() {
    Item it = items.get(Math.min(i, items.size() - 1));
    if (it.kind() == Kind.ERROR) throw new Failure(it.line(), it.text());
    return it;
  }

  private void backup() {
    i--;
  }

  private Item nextNonSpace() {
    Item it;
    do {
      it = next();
    } while (it.kind() == Kind.SPACE);
    return it;
  }

  private Item peekNonSpace() {
    Item it = nextNonSpace();
    backup();
    return it;
  }

  /** The end of a list: the {@code end} or {@code else} that closed it. */
  private record Terminator(String keyword, int pos, int line) {}

  private List<Node> root() {
    List<Node> out = new ArrayList<>();
    while (peek().kind() != Kind.EOF) {
      Object n = textOrAction();
      if (n instanceof Terminator t) {
        i--;
        throw new Failure(t.line, "unexpected {{" + t.keyword + "}}");
      }
      if (n != null) out.add((Node) n);
    }
    return out;
  }

  /** A node, a {@link Terminator}, or null for an action that produces nothing. */
  private Object textOrAction() {
    Item it = nextNonSpace();
    if (it.kind() == Kind.TEXT) return new Node.Text(it.text());
    if (it.kind() == Kind.LEFT_DELIM) return action();
    throw unexpected(it, "input");
  }

  private Failure unexpected(Item it, String context) {
    if (it.kind() == Kind.ERROR) return new Failure(it.line(), it.text());
    return new Failure(it.line(), "unexpected " + it + " in " + context);
  }

  private Object action() {
    Item it = nextNonSpace();
    if (it.kind() == Kind.KEYWORD) {
      switch (it.text()) {
        case "if": return branch(Node.Control.IF, it);
        case "with": return branch(Node.Control.WITH, it);
        case "range": return branch(Node.Control.RANGE, it);
        case "end":
          expectRightDelim("end");
          return new Terminator("end", it.pos(), it.line());
        case "else":
          return elseControl(it);
        case "break":
        case "continue": {
          if (rangeDepth == 0) throw new Failure(it.line(), "{{" + it.text() + "}} outside {{range}}");
          expectRightDelim(it.text());
          return it.text().equals("break") ? new Node.Break(it.pos(), it.line()) : new Node.Continue(it.pos(), it.line());
        }
        default:
          throw new Failure(it.line(), "{{" + it.text() + "}} is not supported in rule templates");
      }
    }
    backup();
    Item first = peek();
    return new Node.Action(first.pos(), first.line(), pipeline("command", Kind.RIGHT_DELIM));
  }

  private void expectRightDelim(String context) {
    Item it = nextNonSpace();
    if (it.kind() != Kind.RIGHT_DELIM) throw unexpected(it, context);
  }

  private Object elseControl(Item elseItem) {
    Item p = peekNonSpace();
    if (p.kind() == Kind.KEYWORD && (p.text().equals("if") || p.text().equals("with"))) {
      // "{{else if ...}}" is "{{else}}{{if ...}}...{{end}}{{end}}": the chained keyword starts a nested branch.
      return new Terminator("else " + p.text(), elseItem.pos(), elseItem.line());
    }
    expectRightDelim("else");
    return new Terminator("else", elseItem.pos(), elseItem.line());
  }

  private Node branch(Node.Control kind, Item keyword) {
    int mark = vars.size();
    String context = kind.name().toLowerCase(java.util.Locale.ROOT);
    Pipe pipe = pipeline(context, Kind.RIGHT_DELIM);
    if (kind == Node.Control.RANGE) rangeDepth++;
    List<Node> list = new ArrayList<>();
    Terminator t = itemList(list);
    if (kind == Node.Control.RANGE) rangeDepth--;
    List<Node> elseList = null;
    if (t.keyword.startsWith("else")) {
      elseList = new ArrayList<>();
      if (t.keyword.equals("else if") || t.keyword.equals("else with")) {
        Item k = nextNonSpace();
        Node.Control nested = t.keyword.equals("else if") ? Node.Control.IF : Node.Control.WITH;
        elseList.add(branch(nested, k));
      } else {
        Terminator end = itemList(elseList);
        if (!end.keyword.equals("end")) throw new Failure(end.line, "expected end; found {{" + end.keyword + "}}");
      }
    }
    truncateVars(mark);
    return new Node.Branch(kind, keyword.pos(), keyword.line(), pipe, List.copyOf(list),
        elseList == null ? null : List.copyOf(elseList));
  }

  private void truncateVars(int mark) {
    while (vars.size() > mark) vars.remove(vars.size() - 1);
  }

  private Terminator itemList(List<Node> out) {
    while (peekNonSpace().kind() != Kind.EOF) {
      Object n = textOrAction();
      if (n instanceof Terminator t) return t;
      if (n != null) out.add((Node) n);
    }
    throw new Failure(peek().line(), "unexpected EOF");
  }

  private Pipe pipeline(String context, Kind end) {
    Item start = peekNonSpace();
    List<String> decls = new ArrayList<>();
    boolean assign = false;
    int save = i;
    Item v = nextNonSpace();
    if (v.kind() == Kind.VARIABLE) {
      Item after = nextNonSpace();
      if (after.kind() == Kind.DECLARE || after.kind() == Kind.ASSIGN) {
        assign = after.kind() == Kind.ASSIGN;
        decls.add(v.text());
        if (!assign) vars.add(v.text());
        else if (!vars.contains(v.text())) throw new Failure(v.line(), "undefined variable \"" + v.text() + "\"");
      } else if (after.kind() == Kind.COMMA) {
        if (!context.equals("range")) throw new Failure(v.line(), "too many declarations in " + context);
        decls.add(v.text());
        vars.add(v.text());
        Item second = nextNonSpace();
        if (second.kind() != Kind.VARIABLE) throw new Failure(second.line(), "range can only initialize variables");
        Item decl = nextNonSpace();
        if (decl.kind() != Kind.DECLARE && decl.kind() != Kind.ASSIGN) throw unexpected(decl, "range");
        decls.add(second.text());
        vars.add(second.text());
      } else {
        i = save;
      }
    } else {
      i = save;
    }
    List<Cmd> cmds = new ArrayList<>();
    while (true) {
      Item t = nextNonSpace();
      if (t.kind() == end) {
        if (cmds.isEmpty()) throw new Failure(t.line(), "missing value for " + context);
        return new Pipe(start.pos(), start.line(), assign, List.copyOf(decls), List.copyOf(cmds));
      }
      switch (t.kind()) {
        case BOOL: case CHAR: case DOT: case FIELD: case IDENTIFIER: case NUMBER: case NIL: case RAW_STRING:
        case STRING: case VARIABLE: case LEFT_PAREN:
          backup();
          cmds.add(command());
          break;
        default:
          throw unexpected(t, context);
      }
    }
  }

  private Cmd command() {
    Item first = peekNonSpace();
    List<Arg> args = new ArrayList<>();
    int endPos;
    while (true) {
      peekNonSpace();
      Arg a = operand();
      if (a != null) args.add(a);
      Item t = next();
      if (t.kind() == Kind.SPACE) continue;
      if (t.kind() == Kind.RIGHT_DELIM || t.kind() == Kind.RIGHT_PAREN) {
        backup();
        endPos = t.pos();
      } else if (t.kind() == Kind.PIPE) {
        endPos = t.pos();
      } else {
        throw unexpected(t, "operand");
      }
      break;
    }
    if (args.isEmpty()) throw new Failure(first.line(), "empty command");
    return new Cmd(first.pos(), first.line(), List.copyOf(args), sourceBetween(first.pos(), endPos));
  }

  private String sourceBetween(int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (Item it : items) {
      if (it.pos() >= from && it.pos() < to && it.kind() != Kind.EOF) sb.append(it.text());
    }
    return sb.toString().trim();
  }

  private Arg operand() {
    Arg a = term();
    if (a == null) return null;
    if (peek().kind() == Kind.FIELD) {
      List<String> fields = new ArrayList<>();
      while (peek().kind() == Kind.FIELD) fields.add(next().text().substring(1));
      if (a instanceof Node.Field f) {
        List<String> all = new ArrayList<>(f.idents());
        all.addAll(fields);
        return new Node.Field(List.copyOf(all));
      }
      if (a instanceof Node.Var v) {
        List<String> all = new ArrayList<>(v.fields());
        all.addAll(fields);
        return new Node.Var(v.name(), List.copyOf(all));
      }
      if (a instanceof Node.Bool || a instanceof Node.Str || a instanceof Node.Num || a instanceof Node.Nil
          || a instanceof Node.Dot) {
        throw error("unexpected . after term " + describe(a));
      }
      return new Node.Chain(a, List.copyOf(fields));
    }
    return a;
  }

  private static String describe(Arg a) {
    if (a instanceof Node.Dot) return "\".\"";
    return "\"" + a + "\"";
  }

  private Arg term() {
    Item t = nextNonSpace();
    switch (t.kind()) {
      case IDENTIFIER:
        if (!funcs.contains(t.text())) throw new Failure(t.line(), "function \"" + t.text() + "\" not defined");
        return new Node.Ident(t.text());
      case DOT:
        return new Node.Dot();
      case NIL:
        return new Node.Nil();
      case VARIABLE: {
        if (!vars.contains(t.text())) throw new Failure(t.line(), "undefined variable \"" + t.text() + "\"");
        return new Node.Var(t.text(), List.of());
      }
      case FIELD:
        return new Node.Field(List.of(t.text().substring(1)));
      case BOOL:
        return new Node.Bool(t.text().equals("true"));
      case CHAR:
        return new Node.Num((long) unquoteChar(t));
      case NUMBER:
        return number(t);
      case LEFT_PAREN: {
        Pipe p = pipeline("parenthesized pipeline", Kind.RIGHT_PAREN);
        return new Node.Paren(p);
      }
      case STRING:
        return new Node.Str(unquote(t));
      case RAW_STRING:
        return new Node.Str(t.text().substring(1, t.text().length() - 1));
      default:
        backup();
        return null;
    }
  }

  private Node.Num number(Item t) {
    String s = t.text().replace("_", "");
    try {
      if (s.matches("[+-]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]*|[1-9][0-9]*|0)")) {
        String body = s.replaceFirst("^[+-]", "");
        boolean neg = s.startsWith("-");
        long v;
        if (body.startsWith("0x") || body.startsWith("0X")) v = Long.parseLong(body.substring(2), 16);
        else if (body.startsWith("0o") || body.startsWith("0O")) v = Long.parseLong(body.substring(2), 8);
        else if (body.length() > 1 && body.startsWith("0")) v = Long.parseLong(body.substring(1), 8);
        else v = Long.parseLong(body);
        return new Node.Num(neg ? -v : v);
      }
      return new Node.Num(Double.parseDouble(s));
    } catch (NumberFormatException e) {
      throw new Failure(t.line(), "illegal number syntax: \"" + t.text() + "\"");
    }
  }

  private int unquoteChar(Item t) {
    String body = t.text().substring(1, t.text().length() - 1);
    String u = unescape(body, t);
    if (u.codePointCount(0, u.length()) != 1) throw new Failure(t.line(), "malformed character constant: " + t.text());
    return u.codePointAt(0);
  }

  private String unquote(Item t) {
    return unescape(t.text().substring(1, t.text().length() - 1), t);
  }

  private static String unescape(String body, Item t) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < body.length(); k++) {
      char c = body.charAt(k);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (++k >= body.length()) throw new Failure(t.line(), "invalid syntax");
      char e = body.charAt(k);
      switch (e) {
        case 'n': sb.append('\n'); break;
        case 't': sb.append('\t'); break;
        case 'r': sb.append('\r'); break;
        case 'a': sb.append('\007'); break;
        case 'b': sb.append('\b'); break;
        case 'f': sb.append('\f'); break;
        case 'v': sb.append('\013'); break;
        case '\\': sb.append('\\'); break;
        case '"': sb.append('"'); break;
        case '\'': sb.append('\''); break;
        case 'x': sb.append((char) Integer.parseInt(body.substring(k + 1, k + 3), 16)); k += 2; break;
        case 'u': sb.appendCodePoint(Integer.parseInt(body.substring(k + 1, k + 5), 16)); k += 4; break;
        case 'U': sb.appendCodePoint(Integer.parseInt(body.substring(k + 1, k + 9), 16)); k += 8; break;
        default:
          if (e >= '0' && e <= '7' && k + 2 < body.length()) {
            sb.append((char) Integer.parseInt(body.substring(k, k + 3), 8));
            k += 2;
          } else {
            throw new Failure(t.line(), "invalid syntax");
          }
      }
    }
    return sb.toString();
  }
}
