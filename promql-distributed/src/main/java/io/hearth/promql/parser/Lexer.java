package io.hearth.promql.parser;

import io.hearth.promql.ast.AggregateOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits a PromQL query into tokens, with Prometheus's lexical rules: label matchers inside braces,
 * duration expressions inside brackets, keywords case-insensitive, comments from {@code #} to the
 * end of the line. The token list ends with {@code EOF} or, at the first lexical error, with an
 * {@code ERROR} token carrying Prometheus's message.
 */
final class Lexer {
  private static final Map<String, TokenType> KEYWORDS = new HashMap<>();

  static {
    KEYWORDS.put("and", TokenType.LAND);
    KEYWORDS.put("or", TokenType.LOR);
    KEYWORDS.put("unless", TokenType.LUNLESS);
    KEYWORDS.put("atan2", TokenType.ATAN2);
    for (AggregateOp op : AggregateOp.values()) {
      KEYWORDS.put(op.keyword, TokenType.AGGREGATOR);
    }
    for (TokenType t : TokenType.values()) {
      if (t.kind == TokenType.Kind.KEYWORD) {
        KEYWORDS.put(t.text, t);
      }
    }
    KEYWORDS.put("start", TokenType.START);
    KEYWORDS.put("end", TokenType.END);
    KEYWORDS.put("step", TokenType.STEP);
    KEYWORDS.put("range", TokenType.RANGE);
    KEYWORDS.put("inf", TokenType.NUMBER);
    KEYWORDS.put("nan", TokenType.NUMBER);
  }

  private final String in;
  private final List<Token> out = new ArrayList<>();
  private int pos;
  private int start;
  private int parenDepth;
  private boolean braceOpen;
  private boolean bracketOpen;
  private boolean gotColon;
  private boolean gotDuration;
  private boolean done;

  private Lexer(String in) {
    this.in = in;
  }

  /** All tokens of {@code query}, ending with EOF or ERROR. */
  static List<Token> lex(String query) {
    Lexer l = new Lexer(query);
    while (!l.done) {
      if (l.braceOpen) {
        l.insideBraces();
      } else if (l.bracketOpen) {
        l.durationExpr();
      } else {
        l.statements();
      }
    }
    return l.out;
  }

  private int next() {
    if (pos >= in.length()) {
      return -1;
    }
    int r = in.codePointAt(pos);
    pos += Character.charCount(r);
    return r;
  }

  private int peek() {
    return pos >= in.length() ? -1 : in.codePointAt(pos);
  }

  private void backup(int r) {
    if (r >= 0) {
      pos -= Character.charCount(r);
    }
  }

  private boolean accept(String valid) {
    int r = next();
    if (r >= 0 && valid.indexOf(r) >= 0) {
      return true;
    }
    backup(r);
    return false;
  }

  private void emit(TokenType t) {
    out.add(new Token(t, in.substring(start, pos), start));
    start = pos;
  }

  private void error(String msg) {
    out.add(new Token(TokenType.ERROR, msg, start));
    done = true;
  }

  private void skipSpaces() {
    while (isSpace(peek())) {
      next();
    }
    start = pos;
  }

  private void comment() {
    while (pos < in.length() && in.charAt(pos) != '\n' && in.charAt(pos) != '\r') {
      pos++;
    }
    start = pos;
  }

  private void statements() {
    if (in.startsWith("#", pos)) {
      comment();
      return;
    }
    int r = next();
    switch (r) {
      case -1:
        if (parenDepth != 0) {
          error("unclosed left parenthesis");
        } else if (bracketOpen) {
          error("unclosed left bracket");
        } else {
          emit(TokenType.EOF);
          done = true;
        }
        return;
      case ',': emit(TokenType.COMMA); return;
      case '*': emit(TokenType.MUL); return;
      case '/': emit(TokenType.DIV); return;
      case '%': emit(TokenType.MOD); return;
      case '+': emit(TokenType.ADD); return;
      case '-': emit(TokenType.SUB); return;
      case '^': emit(TokenType.POW); return;
      case '@': emit(TokenType.AT); return;
      case '=': {
        int t = peek();
        if (t == '=') {
          next();
          emit(TokenType.EQLC);
        } else if (t == '~') {
          error("unexpected character after '=': " + GoText.quoteRune(t));
        } else {
          emit(TokenType.EQL);
        }
        return;
      }
      case '!': {
        int t = next();
        if (t != '=') {
          error("unexpected character after '!': " + GoText.quoteRune(t));
        } else {
          emit(TokenType.NEQ);
        }
        return;
      }
      case '<':
        if (peek() == '=') {
          next();
          emit(TokenType.LTE);
        } else if (peek() == '/') {
          next();
          emit(TokenType.TRIM_UPPER);
        } else {
          emit(TokenType.LSS);
        }
        return;
      case '>':
        if (peek() == '=') {
          next();
          emit(TokenType.GTE);
        } else if (peek() == '/') {
          next();
          emit(TokenType.TRIM_LOWER);
        } else {
          emit(TokenType.GTR);
        }
        return;
      case '"':
      case '\'':
        string(r);
        return;
      case '`':
        rawString();
        return;
      case '(':
        emit(TokenType.LEFT_PAREN);
        parenDepth++;
        return;
      case ')':
        emit(TokenType.RIGHT_PAREN);
        parenDepth--;
        if (parenDepth < 0) {
          out.remove(out.size() - 1);
          error("unexpected right parenthesis ')'");
        }
        return;
      case '{':
        emit(TokenType.LEFT_BRACE);
        braceOpen = true;
        return;
      case '[':
        gotColon = false;
        emit(TokenType.LEFT_BRACKET);
        skipSpaces();
        bracketOpen = true;
        return;
      case ']':
        error("unexpected right bracket ']'");
        return;
      default:
    }
    if (isSpace(r)) {
      skipSpaces();
      return;
    }
    if (isDigit(r) || (r == '.' && isDigit(peek()))) {
      backup(r);
      numberOrDuration();
      return;
    }
    if (isAlpha(r) || r == ':') {
      backup(r);
      keywordOrIdentifier();
      return;
    }
    error("unexpected character: " + GoText.quoteRune(r));
  }

  private void keywordOrIdentifier() {
    int r;
    do {
      r = next();
    } while (isAlphaNumeric(r) || r == ':');
    backup(r);
    String word = in.substring(start, pos);
    TokenType kw = KEYWORDS.get(word.toLowerCase(Locale.ROOT));
    if (kw != null) {
      if ((kw == TokenType.FILL || kw == TokenType.FILL_LEFT || kw == TokenType.FILL_RIGHT)
          && !followedByLeftParen()) {
        emit(TokenType.IDENTIFIER);
      } else {
        emit(kw);
      }
    } else if (word.indexOf(':') < 0) {
      emit(TokenType.IDENTIFIER);
    } else {
      emit(TokenType.METRIC_IDENTIFIER);
    }
  }

  private boolean followedByLeftParen() {
    for (int i = pos; i < in.length(); i++) {
      char c = in.charAt(i);
      if (!isSpace(c)) {
        return c == '(';
      }
    }
    return false;
  }

  private void insideBraces() {
    if (in.startsWith("#", pos)) {
      comment();
      return;
    }
    int r = next();
    if (r == -1) {
      pos = in.length();
      error("unexpected end of input inside braces");
      return;
    }
    if (isSpace(r)) {
      skipSpaces();
      return;
    }
    if (isAlpha(r)) {
      while (isAlphaNumeric(r)) {
        r = next();
      }
      backup(r);
      emit(TokenType.IDENTIFIER);
      return;
    }
    switch (r) {
      case ',': emit(TokenType.COMMA); return;
      case '"':
      case '\'':
        string(r);
        return;
      case '`':
        rawString();
        return;
      case '=':
        if (peek() == '~') {
          next();
          emit(TokenType.EQL_REGEX);
        } else {
          emit(TokenType.EQL);
        }
        return;
      case '!': {
        int nr = next();
        if (nr == '~') {
          emit(TokenType.NEQ_REGEX);
        } else if (nr == '=') {
          emit(TokenType.NEQ);
        } else {
          error("unexpected character after '!' inside braces: " + GoText.quoteRune(nr));
        }
        return;
      }
      case '{':
        error("unexpected left brace '{'");
        return;
      case '}':
        emit(TokenType.RIGHT_BRACE);
        braceOpen = false;
        return;
      default:
        error("unexpected character inside braces: " + GoText.quoteRune(r));
    }
  }

  private void durationExpr() {
    int r = next();
    switch (r) {
      case -1:
        error("unexpected end of input in duration expression");
        return;
      case ']':
        emit(TokenType.RIGHT_BRACKET);
        bracketOpen = false;
        gotColon = false;
        return;
      case ':':
        if (!gotDuration) {
          error("unexpected colon before duration in duration expression");
        } else if (gotColon) {
          error("unexpected repeated colon in duration expression");
        } else {
          emit(TokenType.COLON);
          gotColon = true;
        }
        return;
      case '(':
        emit(TokenType.LEFT_PAREN);
        parenDepth++;
        return;
      case ')':
        emit(TokenType.RIGHT_PAREN);
        parenDepth--;
        if (parenDepth < 0) {
          out.remove(out.size() - 1);
          error("unexpected right parenthesis ')'");
        }
        return;
      case '+': emit(TokenType.ADD); return;
      case '-': emit(TokenType.SUB); return;
      case '*': emit(TokenType.MUL); return;
      case '/': emit(TokenType.DIV); return;
      case '%': emit(TokenType.MOD); return;
      case '^': emit(TokenType.POW); return;
      case ',': emit(TokenType.COMMA); return;
      default:
    }
    if (isSpace(r)) {
      skipSpaces();
      return;
    }
    if (r == 's' || r == 'S' || r == 'm' || r == 'M' || r == 'r' || r == 'R') {
      if (!durationKeyword()) {
        error("unexpected character in duration expression: " + GoText.quoteRune(r));
      }
      return;
    }
    if (isDigit(r) || (r == '.' && isDigit(peek()))) {
      backup(r);
      gotDuration = true;
      numberOrDuration();
      return;
    }
    error("unexpected character in duration expression: " + GoText.quoteRune(r));
  }

  /** {@code step}, {@code range}, {@code min}/{@code max} and {@code min_of}/{@code max_of} inside brackets. */
  private boolean durationKeyword() {
    int r;
    do {
      r = next();
    } while (isAlpha(r));
    backup(r);
    String kw = in.substring(start, pos).toLowerCase(Locale.ROOT);
    switch (kw) {
      case "step": emit(TokenType.STEP); return true;
      case "range": emit(TokenType.RANGE); return true;
      case "min":
      case "max":
      case "min_of":
      case "max_of":
        emit(TokenType.IDENTIFIER);
        return true;
      default:
        return false;
    }
  }

  private void numberOrDuration() {
    if (scanNumber()) {
      emit(TokenType.NUMBER);
      return;
    }
    if (remainingDuration()) {
      emit(TokenType.DURATION);
      return;
    }
    error("bad number or duration syntax: " + GoText.quote(in.substring(start, pos)));
  }

  /** Consumes the unit(s) of a duration; leaves {@code pos} one rune past the end, as Prometheus does. */
  private boolean remainingDuration() {
    if (!accept("smhdwy")) {
      return false;
    }
    accept("s");
    while (accept("0123456789")) {
      while (accept("0123456789")) {
        // consume
      }
      if (!accept("smhdw")) {
        return false;
      }
      accept("s");
    }
    int r = next();
    if (isAlphaNumeric(r)) {
      return false;
    }
    backup(r);
    return true;
  }

  private boolean is(String valid) {
    int r = peek();
    return r >= 0 && valid.indexOf(r) >= 0;
  }

  /** Scans decimal, hexadecimal and float numbers with Prometheus's rules for '.', exponents and '_'. */
  private boolean scanNumber() {
    int initial = pos;
    String digits = "0123456789";
    if (accept("0")) {
      if (accept("xX")) {
        accept("_");
        digits = "0123456789abcdefABCDEF";
      }
    }
    accept(".");
    accept(digits);
    boolean dot = false;
    boolean exp = false;
    while (is(digits + "._eE")) {
      if (is(".") && dot) {
        accept(".");
        return false;
      }
      if (is("eE") && exp) {
        accept("eE");
        return false;
      }
      if (accept(".")) {
        dot = true;
        if (accept("_.")) {
          return false;
        }
        if (digits.length() > 10) {
          return false;
        }
        continue;
      }
      if (accept("eE")) {
        exp = true;
        accept("+-");
        if (accept("._eE") || peek() == -1) {
          return false;
        }
        continue;
      }
      if (accept("_")) {
        if (accept("._eE") || peek() == -1) {
          return false;
        }
        continue;
      }
      while (accept(digits)) {
        // consume
      }
    }
    if (pos == initial) {
      return false;
    }
    return !isAlphaNumeric(peek());
  }

  private void string(int quote) {
    while (true) {
      int r = next();
      if (r == '\\') {
        if (!escape(quote)) {
          return;
        }
        continue;
      }
      if (r == -1 || r == '\n') {
        error("unterminated quoted string");
        return;
      }
      if (r == quote) {
        break;
      }
    }
    emit(TokenType.STRING);
  }

  private boolean escape(int quote) {
    int ch = next();
    int n;
    int base;
    int max;
    switch (ch) {
      case 'a': case 'b': case 'f': case 'n': case 'r': case 't': case 'v': case '\\':
        return true;
      case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
        n = 3;
        base = 8;
        max = 255;
        break;
      case 'x':
        ch = next();
        n = 2;
        base = 16;
        max = 255;
        break;
      case 'u':
        ch = next();
        n = 4;
        base = 16;
        max = Character.MAX_CODE_POINT;
        break;
      case 'U':
        ch = next();
        n = 8;
        base = 16;
        max = Character.MAX_CODE_POINT;
        break;
      case -1:
        error("escape sequence not terminated");
        return false;
      default:
        if (ch == quote) {
          return true;
        }
        error("unknown escape sequence " + GoText.unicode(ch));
        return false;
    }
    long x = 0;
    while (n > 0) {
      int d = Character.digit(ch, 16);
      if (ch > 127 || d < 0 || d >= base) {
        if (ch == -1) {
          error("escape sequence not terminated");
        } else {
          error("illegal character " + GoText.unicode(ch) + " in escape sequence");
        }
        return false;
      }
      x = x * base + d;
      n--;
      if (n > 0) {
        ch = next();
      }
    }
    if (x > max || (0xD800 <= x && x < 0xE000)) {
      error("escape sequence is an invalid Unicode code point");
      return false;
    }
    return true;
  }

  private void rawString() {
    while (true) {
      int r = next();
      if (r == -1) {
        error("unterminated raw string");
        return;
      }
      if (r == '`') {
        break;
      }
    }
    emit(TokenType.STRING);
  }

  static boolean isSpace(int r) {
    return r == ' ' || r == '\t' || r == '\n' || r == '\r';
  }

  static boolean isDigit(int r) {
    return r >= '0' && r <= '9';
  }

  static boolean isAlpha(int r) {
    return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
  }

  static boolean isAlphaNumeric(int r) {
    return isAlpha(r) || isDigit(r);
  }
}
