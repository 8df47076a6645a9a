package io.hearth.node.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Alert templates expand as Prometheus's (Go text/template with Prometheus's functions) and fail with Go's messages. */
class TemplateTest {
  private static final Expander.AlertData DATA = new Expander.AlertData(
      Map.of("instance", "node-1.example.com:9100", "job", "node", "device", "sda"), Map.of("cluster", "eu1"),
      "http://prom.example:9090/prefix", 1234.5678);

  private static final Functions FUNCS = new Functions(expr -> {
    if (expr.equals("up")) {
      return List.of(new QuerySample(Map.of("__name__", "up", "job", "b"), 1), new QuerySample(Map.of("__name__", "up", "job", "a"), 0));
    }
    throw new IllegalStateException("1:1: parse error: unexpected end of input");
  }, "http://prom.example:9090/prefix");

  private static String expand(String text) throws TemplateException {
    return Expander.parseAlert("Test", text, FUNCS).execute(DATA);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " => ", quoteCharacter = '\'', ignoreLeadingAndTrailingWhitespace = false, value = {
      "{{ $labels.instance }} => node-1.example.com:9100",
      "{{$labels.missing}}x => x",
      "{{ $value }} => 1234.5678",
      "{{ printf \"%.2f\" $value }} => 1234.57",
      "{{ printf \"%.0f\" $value }} => 1235",
      "{{ printf \"%0.0f\" $value }} => 1235",
      "{{ printf \"%.4g\" $value }} => 1235",
      "{{ printf \"%d-%s\" 5 \"x\" }} => 5-x",
      "{{ printf \"%d\" $value }} => %!d(float64=1234.5678)",
      "{{ $value | humanize }} => 1.235k",
      "{{ $value | humanize1024 }} => 1.206ki",
      "{{ $value | humanizePercentage }} => 1.235e+05%",
      "{{ 0.12345 | humanizePercentage }} => 12.35%",
      "{{ \"43200\" | humanizeDuration }} => 12h 0m 0s",
      "{{ 90061 | humanizeDuration }} => 1d 1h 1m 1s",
      "{{ 0.25 | humanizeDuration }} => 250ms",
      "{{ 1.5 | humanizeDuration }} => 1.5s",
      "{{ 0 | humanize }} => 0",
      "{{ 0.001234 | humanize }} => 1.234m",
      "{{ 1e9 | humanize }} => 1G",
      "{{ 1234567 | humanize1024 }} => 1.177Mi",
      "{{ 1435065584.128 | humanizeTimestamp }} => 2015-06-23 13:19:44.128 +0000 UTC",
      "{{ with $labels.job -}} job={{ . }} {{- end }} => job=node",
      "{{ with $labels.nope }}yes{{ else }}no{{ end }} => no",
      "{{ if gt $value 1000.0 }}big{{ else if gt $value 10.0 }}mid{{ else }}small{{ end }} => big",
      "{{ if eq $labels.job \"x\" \"node\" }}one of{{ end }} => one of",
      "{{ toUpper $labels.job }} {{ $labels.device | toLower }} {{ title \"hello wide-world\" }} => NODE sda Hello Wide-World",
      "{{ reReplaceAll \"(.*):(.*)\" \"$2 on $1\" $labels.instance }} => 9100 on node-1.example.com",
      "{{ match \"^node\" $labels.job }} {{ match \"^x\" $labels.job }} => true false",
      "{{ $externalLabels.cluster }} => eu1",
      "{{ $externalURL }} {{ pathPrefix }} => http://prom.example:9090/prefix /prefix",
      "{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }} => device=sda;instance=node-1.example.com:9100;job=node;",
      "{{ range query \"up\" }}{{ .Labels.job }}:{{ .Value }} {{ end }} => b:1 a:0 ",
      "{{ with query \"up\" }}{{ . | first | value }}{{ end }} => 1",
      "{{ query \"up\" | first | label \"job\" }} => b",
      "{{ range sortByLabel \"job\" (query \"up\") }}{{ label \"job\" . }}{{ end }} => ab",
      "{{ $labels.instance | stripPort }} {{ stripDomain $labels.instance }} => node-1.example.com node-1:9100",
      "{{ $x := 3 }}{{ $x }}{{ $x = 4 }}{{ $x }} => 34",
      "{{ and 1 0 }} {{ or 0 \"\" 2 }} {{ not true }} {{ len $labels }} => 0 2 false 3",
      "{{/* comment */}}a  {{- \" b \" -}}  c => a b c",
      "{{ index $labels \"job\" }} => node",
      "{{ $value | printf \"%.1f\" }} => 1234.6",
      "{{ 1e6 }} {{ 0.0001 }} {{ 3 }} => 1e+06 0.0001 3",
      "{{ .Value }} {{ .Labels.job }} => 1234.5678 node",
      "{{ print 1 2 \"a\" 3 }} => 1 2a3",
      "{{ graphLink \"rate(x[5m])\" }} => /graph?g0.expr=rate%28x%5B5m%5D%29&g0.tab=0",
  })
  void expandsAsPrometheus(String template, String expected) throws TemplateException {
    assertEquals(expected, expand(template));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " => ", quoteCharacter = '\'', ignoreLeadingAndTrailingWhitespace = false, value = {
      "{{ $labels.instance  => template: __alert_Test:1: unclosed action",
      "{{ nosuch $value }} => template: __alert_Test:1: function \"nosuch\" not defined",
      "{{ end }} => template: __alert_Test:1: unexpected {{end}}",
      "{{ if $value }}x => template: __alert_Test:1: unexpected EOF",
      "{{ $nope }} => template: __alert_Test:1: undefined variable \"$nope\"",
      "{{ \"x }} => template: __alert_Test:1: unterminated quoted string",
      "{{ ) }} => template: __alert_Test:1: unexpected right paren",
  })
  void parseErrorsAreWordedAsGos(String template, String message) {
    TemplateException e = assertThrows(TemplateException.class, () -> Expander.parseAlert("Test", template, Functions.parseOnly()));
    assertEquals(message, e.getMessage());
  }

  @Test
  void executionErrorsBecomePrometheussErrorText() {
    String out = Expander.expandAlert("Test", "{{ query \"sum(\" | first }}", DATA, FUNCS);
    assertEquals("<error expanding template: template: __alert_Test:1:115: executing \"__alert_Test\" at <query \"sum(\">: "
        + "error calling query: 1:1: parse error: unexpected end of input>", out);
    assertEquals("<error expanding template: template: __alert_Test:1:128: executing \"__alert_Test\" at <first>: "
        + "error calling first: first() called on vector with no elements>",
        Expander.expandAlert("Test", "{{ query \"up\" | first }}", DATA, new Functions(e -> List.of(), "")));
  }

  @Test
  void parseErrorsNameTheLineOfTheTemplate() {
    TemplateException e = assertThrows(TemplateException.class, () -> Expander.parseAlert("Test", "a\nb {{ nosuch }}", Functions.parseOnly()));
    assertEquals("template: __alert_Test:2: function \"nosuch\" not defined", e.getMessage());
  }

  @Test
  void goFloatFormattingRoundsHalfToEven() {
    assertEquals("0.12", GoValues.formatF(0.125, 2));
    assertEquals("1.234e+04", GoValues.formatG(12345, 4));
    assertEquals("1e+05", GoValues.formatG(100000, 4));
    assertEquals("100", GoValues.formatG(100, 4));
    assertEquals("0.5", GoValues.formatG(0.5, 4));
    assertEquals("1.000000e+00", GoValues.formatE(1, 6));
    assertEquals("NaN +Inf", GoValues.formatG(Double.NaN, 4) + " " + GoValues.formatF(Double.POSITIVE_INFINITY, 2));
  }
}
