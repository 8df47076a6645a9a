package io.hearth.scrape.textparse;

/** Lexer tokens; {@link #display} is Prometheus's name for the token in error messages. */
enum Token {
  INVALID("INVALID"),
  EOF("EOF"),
  LINEBREAK("LINEBREAK"),
  WHITESPACE("WHITESPACE"),
  HELP("HELP"),
  TYPE("TYPE"),
  UNIT("UNIT"),
  EOF_WORD("EOFWORD"),
  TEXT("TEXT"),
  COMMENT("COMMENT"),
  MNAME("MNAME"),
  QSTRING("QSTRING"),
  BRACE_OPEN("BOPEN"),
  BRACE_CLOSE("BCLOSE"),
  LNAME("LNAME"),
  LVALUE("LVALUE"),
  COMMA("COMMA"),
  EQUAL("EQUAL"),
  TIMESTAMP("TIMESTAMP"),
  VALUE("VALUE");

  final String display;

  Token(String display) {
    this.display = display;
  }
}
