package io.hearth.scrape.relabel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.sharding.api.Labels;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RelabelerTest {
  private static RelabelConfig.Builder r() {
    return RelabelConfig.builder();
  }

  private static Labels l(String... kv) {
    return Labels.of(kv);
  }

  private static Arguments c(String name, Labels in, List<RelabelConfig> rules, Labels out) {
    return Arguments.of(name, in, rules, out);
  }

  static Stream<Arguments> cases() {
    Labels abc = l("a", "foo", "b", "bar", "c", "baz");
    return Stream.of(
        // replace
        c("replace copies with the default regex", l("a", "foo"),
            List.of(r().sourceLabels("a").targetLabel("d").build()), l("a", "foo", "d", "foo")),
        c("replace expands ${1}", abc,
            List.of(r().sourceLabels("a").regex("f(.*)").targetLabel("d").replacement("ch${1}-ch${1}").build()),
            l("a", "foo", "b", "bar", "c", "baz", "d", "choo-choo")),
        c("replace joins sources with the separator", abc,
            List.of(r().sourceLabels("a", "b").regex("f(.*);(.*)r").targetLabel("a").replacement("b${1}${2}m").build()),
            l("a", "boobam", "b", "bar", "c", "baz")),
        c("replace with a custom separator", abc,
            List.of(r().sourceLabels("c", "a").separator("-").regex("(.*)").targetLabel("d").build()),
            l("a", "foo", "b", "bar", "c", "baz", "d", "baz-foo")),
        c("replace does nothing when the regex does not match", abc,
            List.of(r().sourceLabels("a").regex("f").targetLabel("d").replacement("x").build()), abc),
        c("replace with an empty result deletes the target", abc,
            List.of(r().sourceLabels("a").regex("foo").targetLabel("b").replacement("").build()),
            l("a", "foo", "c", "baz")),
        c("$1x names group 1x, which is empty", l("a", "foo"),
            List.of(r().sourceLabels("a").regex("(f)(o)o").targetLabel("d").replacement("$1x").build()), l("a", "foo")),
        c("${1}x expands group 1 then x", l("a", "foo"),
            List.of(r().sourceLabels("a").regex("(f)(o)o").targetLabel("d").replacement("${1}x").build()),
            l("a", "foo", "d", "fx")),
        c("$$ is a literal dollar", l("a", "foo"),
            List.of(r().sourceLabels("a").targetLabel("d").replacement("$$1").build()), l("a", "foo", "d", "$1")),
        c("a trailing $ is kept", l("a", "foo"),
            List.of(r().sourceLabels("a").targetLabel("d").replacement("cost$").build()), l("a", "foo", "d", "cost$")),
        c("an unclosed ${ is kept", l("a", "foo"),
            List.of(r().sourceLabels("a").targetLabel("d").replacement("${1").build()), l("a", "foo", "d", "${1")),
        c("named groups expand", l("a", "foo"),
            List.of(r().sourceLabels("a").regex("(?P<first>f)oo").targetLabel("d").replacement("${first}!").build()),
            l("a", "foo", "d", "f!")),
        c("group out of range expands to nothing", l("a", "foo"),
            List.of(r().sourceLabels("a").targetLabel("d").replacement("x${2}y").build()), l("a", "foo", "d", "xy")),
        c("$2y names group 2y, which does not exist", l("a", "foo"),
            List.of(r().sourceLabels("a").targetLabel("d").replacement("x$2y").build()), l("a", "foo", "d", "x")),
        c("leading-zero group number is a name", l("a", "foo"),
            List.of(r().sourceLabels("a").targetLabel("d").replacement("x${01}y").build()), l("a", "foo", "d", "xy")),
        c("target label from the regex", l("a", "some-name-value"),
            List.of(r().sourceLabels("a").regex("some-([^-]+)-([^,]+)").targetLabel("${1}").replacement("${2}").build()),
            l("a", "some-name-value", "name", "value")),
        c("target label expanding to an invalid legacy name is skipped", l("a", "1abc"),
            List.of(r().sourceLabels("a").targetLabel("${1}").nameValidation(NameValidationScheme.LEGACY).build()),
            l("a", "1abc")),
        c("no source labels: the replacement is set", l("a", "foo"),
            List.of(r().targetLabel("env").replacement("prod").build()), l("a", "foo", "env", "prod")),
        c("no source labels and default replacement deletes the target", l("a", "foo", "b", "bar"),
            List.of(r().targetLabel("b").build()), l("a", "foo")),
        c("missing source label reads as empty", l("a", "foo"),
            List.of(r().sourceLabels("zz").regex("").targetLabel("d").replacement("was-empty").build()),
            l("a", "foo", "d", "was-empty")),
        // keep / drop
        c("keep keeps a match", abc, List.of(r().sourceLabels("a").regex("f.*").action("keep").build()), abc),
        c("keep drops a non-match", abc, List.of(r().sourceLabels("a").regex("b.*").action("keep").build()), null),
        c("keep is anchored", abc, List.of(r().sourceLabels("a").regex("oo").action("keep").build()), null),
        c("keep anchors alternations as a whole", l("a", "foobar"),
            List.of(r().sourceLabels("a").regex("foo|bar").action("keep").build()), null),
        c("keep on a missing label matches the empty regex", abc,
            List.of(r().sourceLabels("zz").regex("").action("keep").build()), abc),
        c("drop drops a match", abc, List.of(r().sourceLabels("b").regex("bar").action("drop").build()), null),
        c("drop keeps a non-match", abc, List.of(r().sourceLabels("b").regex("baz").action("drop").build()), abc),
        c("drop over joined sources", abc,
            List.of(r().sourceLabels("a", "b").separator("-").regex("foo-bar").action("drop").build()), null),
        c("dot does not match a newline", l("a", "x\ny"), List.of(r().sourceLabels("a").regex(".*").action("keep").build()),
            null),
        c("the s flag lets dot match a newline", l("a", "x\ny"),
            List.of(r().sourceLabels("a").regex("(?s).*").action("keep").build()), l("a", "x\ny")),
        c("action names are case-insensitive", abc, List.of(r().sourceLabels("a").regex("foo").action("DROP").build()), null),
        // keepequal / dropequal
        c("keepequal keeps equal values", l("a", "1", "b", "1"),
            List.of(r().sourceLabels("a").targetLabel("b").action("keepequal").build()), l("a", "1", "b", "1")),
        c("keepequal drops different values", l("a", "1", "b", "2"),
            List.of(r().sourceLabels("a").targetLabel("b").action("keepequal").build()), null),
        c("dropequal drops equal values", l("a", "1", "b", "1"),
            List.of(r().sourceLabels("a").targetLabel("b").action("dropequal").build()), null),
        c("dropequal keeps different values", l("a", "1", "b", "2"),
            List.of(r().sourceLabels("a").targetLabel("b").action("dropequal").build()), l("a", "1", "b", "2")),
        // hashmod
        c("hashmod uses the last 8 bytes of MD5", abc,
            List.of(r().sourceLabels("c").targetLabel("d").modulus(1000).action("hashmod").build()),
            l("a", "foo", "b", "bar", "c", "baz", "d", "976")),
        c("hashmod with a modulus above 2^63", l("a", "foo"),
            List.of(r().sourceLabels("a").targetLabel("d").modulus(-1L).action("hashmod").build()),
            l("a", "foo", "d", Long.toUnsignedString(Relabeler.md5Tail("foo")))),
        // labelmap
        c("labelmap copies matching names", l("__meta_my_bar", "aaa", "__meta_my_baz", "bbb", "a", "foo"),
            List.of(r().regex("__meta_(my.*)").replacement("$1").action("labelmap").build()),
            l("__meta_my_bar", "aaa", "__meta_my_baz", "bbb", "a", "foo", "my_bar", "aaa", "my_baz", "bbb")),
        c("labelmap with a template around the group", l("a", "foo", "b", "bar"),
            List.of(r().regex("(b)").replacement("${1}_copy").action("labelmap").build()),
            l("a", "foo", "b", "bar", "b_copy", "bar")),
        c("labelmap without matches changes nothing", abc,
            List.of(r().regex("zz(.*)").action("labelmap").build()), abc),
        // labeldrop / labelkeep
        c("labeldrop removes matching names", l("a", "foo", "b1", "x", "b2", "y"),
            List.of(r().regex("b.*").action("labeldrop").build()), l("a", "foo")),
        c("labeldrop without matches changes nothing", abc, List.of(r().regex("zz").action("labeldrop").build()), abc),
        c("labelkeep keeps only matching names", abc, List.of(r().regex("a|c").action("labelkeep").build()),
            l("a", "foo", "c", "baz")),
        c("labelkeep also removes __name__", l("__name__", "up", "a", "foo"),
            List.of(r().regex("a").action("labelkeep").build()), l("a", "foo")),
        // lowercase / uppercase
        c("lowercase", l("a", "FoO"), List.of(r().sourceLabels("a").targetLabel("a_lower").action("lowercase").build()),
            l("a", "FoO", "a_lower", "foo")),
        c("uppercase", l("a", "FoO"), List.of(r().sourceLabels("a").targetLabel("a_upper").action("uppercase").build()),
            l("a", "FoO", "a_upper", "FOO")),
        c("uppercase maps rune by rune as Go", l("a", "straße"),
            List.of(r().sourceLabels("a").targetLabel("a").action("uppercase").build()), l("a", "STRAßE")),
        c("lowercase of a missing label deletes the target", l("a", "foo", "b", "X"),
            List.of(r().sourceLabels("zz").targetLabel("b").action("lowercase").build()), l("a", "foo")),
        // chains
        c("rules apply in order", l("__meta_env", "prod", "__address__", "h:1"),
            List.of(r().regex("__meta_(.*)").action("labelmap").build(), r().regex("__meta_.*").action("labeldrop").build(),
                r().sourceLabels("env").regex("prod").action("keep").build()),
            l("__address__", "h:1", "env", "prod")),
        c("a later rule sees an earlier rule's output", l("a", "foo"),
            List.of(r().sourceLabels("a").targetLabel("b").replacement("bar").build(),
                r().sourceLabels("b").regex("bar").action("drop").build()), null),
        c("no rules return the input", abc, List.of(), abc));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void relabelsAsPrometheus(String name, Labels in, List<RelabelConfig> rules, Labels want) {
    for (RelabelConfig rc : rules) rc.validate();
    assertEquals(want, Relabeler.process(in, rules));
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(r().sourceLabels("a").targetLabel("d").action("hashmod"),
            "relabel configuration for hashmod requires non-zero modulus"),
        Arguments.of(r().sourceLabels("a"), "relabel configuration for replace action requires 'target_label' value"),
        Arguments.of(r().sourceLabels("a").targetLabel("1bad").nameValidation(NameValidationScheme.LEGACY),
            "\"1bad\" is invalid 'target_label' for replace action"),
        Arguments.of(r().sourceLabels("a").targetLabel("${1}-x").nameValidation(NameValidationScheme.LEGACY),
            "\"${1}-x\" is invalid 'target_label' for replace action"),
        Arguments.of(r().sourceLabels("a").targetLabel("b").replacement("x").action("lowercase"),
            "'replacement' can not be set for lowercase action"),
        Arguments.of(r().sourceLabels("a").regex("x").action("labeldrop"),
            "labeldrop action requires only 'regex', and no other fields"),
        Arguments.of(r().sourceLabels("a").targetLabel("b").regex("x").action("keepequal"),
            "keepequal action requires only 'source_labels' and `target_label`, and no other fields"),
        Arguments.of(r().regex("(.*)").replacement("foo-bar").action("labelmap").nameValidation(NameValidationScheme.LEGACY),
            "\"foo-bar\" is invalid 'replacement' for labelmap action"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void invalidRulesAreRejectedWithPrometheusMessages(RelabelConfig.Builder b, String message) {
    RelabelConfigException e = assertThrows(RelabelConfigException.class, () -> b.build().validate());
    assertEquals(message, e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void unknownActionAndBadRegexAreRejected() {
    assertEquals("unknown relabel action \"bogus\"",
        assertThrows(RelabelConfigException.class, () -> RelabelAction.parse("bogus")).getMessage());
    assertEquals("error parsing regexp: missing closing ): `^(?:(abc)$`",
        assertThrows(RelabelConfigException.class, () -> RelabelRegex.compile("(abc")).getMessage());
  }
}
