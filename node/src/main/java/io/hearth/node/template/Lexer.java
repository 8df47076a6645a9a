package io.hearth.node.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a template into Go's lexical items: text, delimiters (with {@code {{-} / {@code -}}}
 * trimming of surrounding spaces), and inside actions identifiers, fields, variables, literals,
 * keywords, pipes and parentheses. A lexical error ends the list with an {@link Kind#ERROR} item
 * carrying Go's message ({@code unclosed action}, {@code unterminated quoted string}, ...).
 */
final class Lexer {
  enum Kind {
    TEXT, LEFT_DELIM, RIGHT_DELIM, SPACE, IDENTIFIER, FIELD, VARIABLE, DOT, STRING, RAW_STRING, CHAR, NUMBER, BOOL,
    NIL, PIPE, LEFT_PAREN, RIGHT_PAREN, DECLARE, ASSIGN, COMMA, KEYWORD, EOF, ERROR
  }

  /** One item: its kind, text, byte offset in the template and 1-based line. */
  record Item(Kind kind, String text, int pos, int line) {
    @Override
    public String toString() {
      switch (kind) {
        case EOF: return "EOF";
        case ERROR: return text;
        case KEYWORD: return "<" + text + ">";
        default: return "\"" + text + "\"";
      }
    }
  }

  private static final java.util.Set<String> KEYWORDS =
      java.util.Set.of("block", "break", "continue", "define", "else", "end", "if", "range", "template", "with");

  private final String s;
  private final List<Item> items = new ArrayList<>();
  private int pos;
  private int start;
  private int line = 1;
  private int startLine = 1;
  private int parenDepth;

  private Lexer(String s) {
    this.s = s;
  }

  static List<Item> lex(String text) {
    Lexer l = new Lexer(text);
    l.run();
    return l.items;
  }

  private void run() {
    while (true) {
      int d = s.indexOf("{{", pos);
      if (d < 0) {
        advanceTo(s.length());
        if (pos > start) emit(Kind.TEXT);
        emit(Kind.EOF);
        return;
      }
      boolean trimLeft = d + 3 < s.length() && s.charAt(d + 2) == '-' && isSpace(s.charAt(d + 3));
      int textEnd = d;
      if (trimLeft) {
        while (textEnd > start && isSpace(s.charAt(textEnd - 1))) textEnd--;
      }
      if (textEnd > start) {
        advanceTo(textEnd);
        emit(Kind.TEXT);
      }
      advanceTo(d);
      ignore();
      pos = d + (trimLeft ? 3 : 2);
      // Comment: {{/* ... */}}
      if (s.startsWith("/*", pos)) {
        int end = s.indexOf("*/", pos);
        if (end < 0) {
          error("unclosed comment");
          return;
        }
        advanceTo(end + 2);
        boolean trimRight = s.startsWith(" -}}", pos);
        if (!trimRight && !s.startsWith("}}", pos)) {
          error("comment ends before closing delimiter");
          return;
        }
        advanceTo(pos + (trimRight ? 4 : 2));
        if (trimRight) skipSpaceAfterTrim();
        ignore();
        continue;
      }
      emitAt(Kind.LEFT_DELIM, d);
      if (!insideAction()) return;
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private void advanceTo(int p) {
    for (int i = pos; i < p; i++) if (s.charAt(i) == '\n') line++;
    pos = p;
  }

  private void ignore() {
    start = pos;
    startLine = line;
  }

  private void emit(Kind k) {
    items.add(new Item(k, s.substring(start, pos), start, startLine));
    start = pos;
    startLine = line;
  }

  private void emitAt(Kind k, int from) {
    items.add(new Item(k, s.substring(from, pos), from, startLine));
    start = pos;
    startLine = line;
  }

  private void error(String msg) {
    items.add(new Item(Kind.ERROR, msg, start, startLine));
  }

  private void skipSpaceAfterTrim() {
    int p = pos;
    while (p < s.length() && isSpace(s.charAt(p))) p++;
    advanceTo(p);
  }

  /** Lexes one action up to its right delimiter; false after an error. */
  private boolean insideAction() {
    while (true) {
      if (s.startsWith(" -}}", pos) || s.startsWith("\t-}}", pos) || s.startsWith("\n-}}", pos)
          || s.startsWith("\r-}}", pos)) {
        if (parenDepth > 0) {
          error("unclosed left paren");
          return false;
        }
        advanceTo(pos + 1);
        ignore();
        pos += 3;
        emit(Kind.RIGHT_DELIM);
        skipSpaceAfterTrim();
        ignore();
        return true;
      }
      if (s.startsWith("}}", pos)) {
        if (parenDepth > 0) {
          error("unclosed left paren");
          return false;
        }
        pos += 2;
        emit(Kind.RIGHT_DELIM);
        return true;
      }
      if (pos >= s.length()) {
        error("unclosed action");
        return false;
      }
      char c = s.charAt(pos);
      if (isSpace(c)) {
        int p = pos;
        while (p < s.length() && isSpace(s.charAt(p))) p++;
        // A space followed by "-}}" belongs to the trim marker.
        if (s.startsWith("-}}", p)) p--;
        if (p == pos) continue;
        advanceTo(p);
        emit(Kind.SPACE);
      } else if (c == '=') {
        pos++;
        emit(Kind.ASSIGN);
      } else if (c == ':') {
        if (pos + 1 >= s.length() || s.charAt(pos + 1) != '=') {
          error("expected :=");
          return false;
        }
        pos += 2;
        emit(Kind.DECLARE);
      } else if (c == '|') {
        pos++;
        emit(Kind.PIPE);
      } else if (c == ',') {
        pos++;
        emit(Kind.COMMA);
      } else if (c == '"') {
        if (!quoted('"', Kind.STRING, "unterminated quoted string")) return false;
      } else if (c == '`') {
        int end = s.indexOf('`', pos + 1);
        if (end < 0) {
          error("unterminated raw quoted string");
          return false;
        }
        advanceTo(end + 1);
        emit(Kind.RAW_STRING);
      } else if (c == '\'') {
        if (!quoted('\'', Kind.CHAR, "unterminated character constant")) return false;
      } else if (c == '$') {
        pos++;
        while (pos < s.length() && isAlnum(s.charAt(pos))) pos++;
        emit(Kind.VARIABLE);
      } else if (c == '.') {
        if (pos + 1 < s.length() && Character.isDigit(s.charAt(pos + 1))) {
          number();
        } else {
          pos++;
          while (pos < s.length() && isAlnum(s.charAt(pos))) pos++;
          emit(pos - start == 1 ? Kind.DOT : Kind.FIELD);
        }
      } else if (c == '+' || c == '-' || Character.isDigit(c)) {
        number();
      } else if (isAlnum(c)) {
        while (pos < s.length() && isAlnum(s.charAt(pos))) pos++;
        String w = s.substring(start, pos);
        if (KEYWORDS.contains(w)) emit(Kind.KEYWORD);
        else if (w.equals("true") || w.equals("false")) emit(Kind.BOOL);
        else if (w.equals("nil")) emit(Kind.NIL);
        else emit(Kind.IDENTIFIER);
      } else if (c == '(') {
        parenDepth++;
        pos++;
        emit(Kind.LEFT_PAREN);
      } else if (c == ')') {
        parenDepth--;
        if (parenDepth < 0) {
          error("unexpected right paren");
          return false;
        }
        pos++;
        emit(Kind.RIGHT_PAREN);
      } else {
        error("unrecognized character in action: " + GoValues.quoteRune(c));
        return false;
      }
    }
  }

  private static boolean isAlnum(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  /** A quoted string or character constant ending at the next unescaped {@code q} on this line. */
  private boolean quoted(char q, Kind kind, String unterminated) {
    int p = pos + 1;
    while (true) {
      if (p >= s.length() || s.charAt(p) == '\n') {
        error(unterminated);
        return false;
      }
      char c = s.charAt(p);
      p += c == '\\' ? 2 : 1;
      if (c == q) break;
    }
    pos = p;
    emit(kind);
    return true;
  }

  private void number() {
    int p = pos;
    if (p < s.length() && (s.charAt(p) == '+' || s.charAt(p) == '-')) p++;
    while (p < s.length()) {
      char c = s.charAt(p);
      if (Character.isLetterOrDigit(c) || c == '.' || c == '_'
          || ((c == '+' || c == '-') && p > 0 && "eEpP".indexOf(s.charAt(p - 1)) >= 0)) {
        p++;
      } else {
        break;
      }
    }
    pos = p;
    emit(Kind.NUMBER);
  }
}
