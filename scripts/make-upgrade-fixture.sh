#!/usr/bin/env bash
# Makes the upgrade fixture of an older commit: builds that commit's jar in a scratch worktree,
# starts it, remote-writes the series of UpgradeData (floats, a counter, a native histogram; six
# hours of one-minute samples, flushed so segments and an index block exist), reads them back,
# stops it gracefully and stores data.tar.gz, expected.json and fixture.properties under
# node/src/test/resources/upgrade/<commit>/. UpgradeFromPreviousReleaseTest then reads them with
# the current build.
#
#   scripts/make-upgrade-fixture.sh a6bb662            # the previous release
#   OLD_JAR=/path/hearth.jar scripts/make-upgrade-fixture.sh a6bb662   # jar already built
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
commit="${1:?usage: make-upgrade-fixture.sh COMMIT}"
short="$(git -C "$here" rev-parse --short=7 "$commit")"
out="$here/node/src/test/resources/upgrade/$short"
jar="${OLD_JAR:-}"
if [ -z "$jar" ]; then
  tree="$(mktemp -d)/hearth-$short"
  git -C "$here" worktree add --detach "$tree" "$short" >&2
  trap 'git -C "$here" worktree remove --force "$tree"' EXIT
  # package only (no install): the shared ~/.m2 keeps the current build's snapshots.
  (cd "$tree" && mvn -q -o -B -DskipTests -Dhearth.revision="$short" -pl node -am package) >&2
  jar="$tree/node/target/hearth.jar"
fi
rm -rf "$out"
cd "$here"
mvn -q -o -B -pl node -am test -Dtest=UpgradeFixtureMaker -Dsurefire.failIfNoSpecifiedTests=false \
  -Dhearth.upgrade.oldJar="$jar" -Dhearth.upgrade.commit="$short" -Dhearth.upgrade.out="$out"
ls -la "$out"
