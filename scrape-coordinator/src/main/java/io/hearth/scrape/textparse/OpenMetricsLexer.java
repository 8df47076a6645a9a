package io.hearth.scrape.textparse;

/** The OpenMetrics 1.0 text lexer (Prometheus's openmetricslex.l): single spaces, no free comments. */
final class OpenMetricsLexer extends Lexer {
  @Override
  Token lex() {
    if (i >= end) return Token.EOF;
    start = i;
    while (true) {
      int c = cur();
      switch (state) {
        case S_INIT:
          if (c == '#') {
            if (next() == ' ') {
              next();
              state = S_COMMENT;
              continue;
            }
            return Token.INVALID;
          }
          if (isM(c)) {
            metricNameRest();
            state = S_VALUE;
            return Token.MNAME;
          }
          if (c == '{') {
            next();
            state = S_LABELS;
            return Token.BRACE_OPEN;
          }
          return Token.INVALID;
        case S_COMMENT:
          switch (c) {
            case 'H':
              if (word("HELP ")) {
                state = S_META1;
                return Token.HELP;
              }
              return Token.INVALID;
            case 'T':
              if (word("TYPE ")) {
                state = S_META1;
                return Token.TYPE;
              }
              return Token.INVALID;
            case 'U':
              if (word("UNIT ")) {
                state = S_META1;
                return Token.UNIT;
              }
              return Token.INVALID;
            case 'E':
              if (word("EOF")) {
                if (cur() == '\n') next();
                state = S_INIT;
                return Token.EOF_WORD;
              }
              return Token.INVALID;
            default:
              return Token.INVALID;
          }
        case S_META1:
          if (c == '"') {
            if (quoted(true)) {
              state = S_META2;
              return Token.MNAME;
            }
            return Token.INVALID;
          }
          if (isM(c)) {
            metricNameRest();
            state = S_META2;
            return Token.MNAME;
          }
          return Token.INVALID;
        case S_META2:
          if (c == ' ') {
            next();
            restOfLine();
            if (cur() == '\n') {
              next();
              state = S_INIT;
              return Token.TEXT;
            }
          }
          return Token.INVALID;
        case S_VALUE:
          if (c == '{') {
            next();
            state = S_LABELS;
            return Token.BRACE_OPEN;
          }
          if (c == ' ' && spaceThenRun()) {
            state = S_TIMESTAMP;
            return Token.VALUE;
          }
          return Token.INVALID;
        case S_LABELS:
          if (isL(c)) {
            labelNameRest();
            return Token.LNAME;
          }
          if (c == '"') return quoted(true) ? Token.QSTRING : Token.INVALID;
          if (c == '}') {
            next();
            state = S_VALUE;
            return Token.BRACE_CLOSE;
          }
          if (c == '=') {
            next();
            state = S_LVALUE;
            return Token.EQUAL;
          }
          if (c == ',') {
            next();
            return Token.COMMA;
          }
          return Token.INVALID;
        case S_LVALUE:
          if (c == '"' && quoted(false)) {
            state = S_LABELS;
            return Token.LVALUE;
          }
          return Token.INVALID;
        case S_TIMESTAMP:
          if (c == '\n') {
            next();
            state = S_INIT;
            return Token.LINEBREAK;
          }
          if (c == ' ') {
            int d = next();
            if (d == '#') {
              int e = next();
              if (e == ' ') {
                if (next() == '{') {
                  next();
                  state = S_EXEMPLAR;
                  return Token.COMMENT;
                }
                return Token.INVALID; // " # x": no backtracking to the timestamp rule
              }
              runToBlank(e);
              return Token.TIMESTAMP;
            }
            if (d != 0 && d != 'c' && d != ' ' && d != '\n') {
              runToBlank(next());
              return Token.TIMESTAMP;
            }
          }
          return Token.INVALID;
        case S_EXEMPLAR:
          if (isL(c)) {
            labelNameRest();
            return Token.LNAME;
          }
          if (c == '"') return quoted(false) ? Token.QSTRING : Token.INVALID;
          if (c == '}') {
            next();
            state = S_EVALUE;
            return Token.BRACE_CLOSE;
          }
          if (c == '=') {
            next();
            state = S_EVALUE;
            return Token.EQUAL;
          }
          if (c == ',') {
            next();
            return Token.COMMA;
          }
          return Token.INVALID;
        case S_EVALUE:
          if (c == '"') {
            if (quoted(false)) {
              state = S_EXEMPLAR;
              return Token.LVALUE;
            }
            return Token.INVALID;
          }
          if (c == ' ' && spaceThenRun()) {
            state = S_ETIMESTAMP;
            return Token.VALUE;
          }
          return Token.INVALID;
        case S_ETIMESTAMP:
          if (c == '\n') {
            next();
            state = S_INIT;
            return Token.LINEBREAK;
          }
          if (c == ' ' && spaceThenRun()) return Token.TIMESTAMP;
          return Token.INVALID;
        default:
          return Token.INVALID;
      }
    }
  }

  /** Matches {@code {S}[^ \n]+} from the current space. */
  private boolean spaceThenRun() {
    int d = next();
    if (d == 0 || d == ' ' || d == '\n') return false;
    runToBlank(next());
    return true;
  }

  private void runToBlank(int c) {
    while (c != 0 && c != ' ' && c != '\n') c = next();
  }
}
