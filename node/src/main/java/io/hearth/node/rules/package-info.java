/**
 * Recording and alerting rules as Prometheus runs them: rule files ({@link
 * io.hearth.node.rules.RuleFileParser}, {@link io.hearth.node.rules.RuleCheck} for {@code hearth
 * check rules}), promtool's rule unit tests ({@link io.hearth.node.rules.RuleUnitTest} for {@code hearth
 * rules test}, on storage the caller gives), group evaluation on Prometheus's aligned schedule ({@link
 * io.hearth.node.rules.RuleGroup}), alert state ({@link io.hearth.node.rules.AlertingRule}),
 * which groups this node evaluates in a cluster and restoring {@code for} state when a group moves
 * here ({@link io.hearth.node.rules.RuleManager}), and the {@code /api/v1/rules} and
 * {@code /api/v1/alerts} answers ({@link io.hearth.node.rules.RulesApi}). Results are written
 * through the node's {@link io.hearth.sharding.api.Appendable}; alerts leave through
 * {@link io.hearth.node.notifier.AlertSender}. Must never import storage internals or Ignite, and
 * never talk to Alertmanager itself.
 */
package io.hearth.node.rules;
