#!/usr/bin/env bash
# Regenerates the fixture of test/terraform/library-upgrade.test.ts: the app of
# test/terraform/upgrade-app.ts (this checkout's copy) synthesized by the library of
# another commit, the one a team upgrades from.
#
#   scripts/upgrade-fixture.sh <commit>     e.g. scripts/upgrade-fixture.sh fd02cf6
#
# Checks the commit out in a temporary git worktree (node_modules linked from this
# checkout), generates its bindings, synthesizes there and copies the output to
# test/terraform/fixtures/upgrade-base/, with the commit's hash in COMMIT. Only the
# synthesized files are kept (manifest.json and each stack's cdk.tf.json): CDKTF output
# is relative-path only (design D6), so the fixture holds no path of this machine.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 <commit>" >&2
  exit 2
fi
root="$(git rev-parse --show-toplevel)"
commit="$(git -C "$root" rev-parse --verify "$1^{commit}")"
work="$(mktemp -d)"
base="$work/base"
cleanup() {
  git -C "$root" worktree remove --force "$base" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

git -C "$root" worktree add --quiet --detach "$base" "$commit"
ln -s "$(readlink -f "$root/node_modules")" "$base/node_modules"
cp "$root/test/terraform/upgrade-app.ts" "$base/test/terraform/upgrade-app.ts"
(
  cd "$base"
  npm run --silent gen >/dev/null
  npx ts-node --transpile-only test/terraform/upgrade-app.ts "$work/out"
)

dest="$root/test/terraform/fixtures/upgrade-base"
rm -rf "$dest"
mkdir -p "$dest"
cp "$work/out/manifest.json" "$dest/"
for dir in "$work/out/stacks"/*/; do
  stack="$(basename "$dir")"
  mkdir -p "$dest/stacks/$stack"
  cp "$dir/cdk.tf.json" "$dest/stacks/$stack/"
done
echo "$commit" >"$dest/COMMIT"
if grep -rlF -e "$work" -e "$root" "$dest"; then
  echo "$0: the files above hold a path of this machine; not a fixture" >&2
  exit 1
fi
echo "fixture of $commit in ${dest#"$root"/}"
