#!/usr/bin/env bash
# Synthesizes a test app with the library as it was at an older commit (the one a team
# upgrades from) and keeps what terraform reads (manifest.json and each stack's
# cdk.tf.json) in test/terraform/fixtures/<fixture>, with the commit's hash in COMMIT:
# our own output, made again by running this script. CDKTF output holds relative paths
# only (design D6); the script refuses a fixture that holds a path of this machine.
#
# usage: test/terraform/upgrade/upgrade-fixture.sh <commit> <app.ts> <fixture>
#   <app.ts> is a path from the repository root; it is copied to the same path in a
#   temporary git worktree of <commit> (node_modules linked from this checkout), so it
#   may use only API that both the commit and today's library have.
# e.g.:  test/terraform/upgrade/upgrade-fixture.sh fd02cf6 test/terraform/upgrade-app.ts upgrade-base
#        test/terraform/upgrade/upgrade-fixture.sh 85bc849~1 test/terraform/upgrade/proxmox-app.ts proxmox-before-meta-data
#        test/terraform/upgrade/upgrade-fixture.sh bfa7b03 test/terraform/upgrade/vsphere-app.ts vsphere-before-static-mac
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 <commit> <app.ts> <fixture>" >&2
  exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel)
commit=$(git -C "$repo" rev-parse --verify "$1^{commit}")
app=$2
fixture=$3
if [[ ! -f "$repo/$app" ]]; then
  echo "$0: no app $app in $repo" >&2
  exit 2
fi
modules=$(realpath "$repo/node_modules")
work=$(mktemp -d)
worktree="$work/library"
cleanup() {
  git -C "$repo" worktree remove --force "$worktree" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

git -C "$repo" worktree add --quiet --detach "$worktree" "$commit"
ln -s "$modules" "$worktree/node_modules"
# The bindings of the providers without prebuilt packages, as that commit generated them.
(cd "$worktree" && npm run --silent gen >/dev/null)
mkdir -p "$(dirname "$worktree/$app")"
cp "$repo/$app" "$worktree/$app"
(cd "$worktree" && npx ts-node --transpile-only "$app" "$work/out")

target="$repo/test/terraform/fixtures/$fixture"
rm -rf "$target"
mkdir -p "$target"
cp "$work/out/manifest.json" "$target/"
(cd "$work/out" && find stacks -name cdk.tf.json -exec cp --parents {} "$target/" \;)
echo "$commit" >"$target/COMMIT"
if grep -rlF -e "$work" -e "$repo" "$target"; then
  echo "$0: the files above hold a path of this machine; not a fixture" >&2
  exit 1
fi
echo "$commit -> test/terraform/fixtures/$fixture"
