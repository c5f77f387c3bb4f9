/**
 * The script Terraform's runner runs after a pool's machines are made (local-exec): it
 * polls the tenant until every node of the pool is registered and Ready, or the
 * timeout passes, and reports each node. Pure module: no CDKTF import.
 *
 * Its input comes through the environment, so nothing secret is in any argv:
 * - KAMAJI_POOL, KAMAJI_NODES (names separated by spaces), KAMAJI_TIMEOUT_SECONDS,
 *   KAMAJI_ON_TIMEOUT (`fail` or `warn`), KAMAJI_POLL_SECONDS (default 10);
 * - KAMAJI_TENANT_KUBECONFIG: the admin kubeconfig itself. It is written to a file
 *   only the runner's user can read, removed on exit, and handed to kubectl as a path.
 *
 * Needs on the runner: a POSIX shell, `kubectl`, `mktemp`, `date`, `sleep`, and a route
 * to the tenant's API server.
 */

/** The runner-side join health script. */
export function renderJoinHealthScript(): string {
  return `#!/bin/sh
# kamaji-join-health: wait until every node of a pool is registered and Ready.
set -u
: "\${KAMAJI_POOL:?}" "\${KAMAJI_NODES:?}" "\${KAMAJI_TIMEOUT_SECONDS:?}" "\${KAMAJI_ON_TIMEOUT:?}"
poll="\${KAMAJI_POLL_SECONDS:-10}"
pool="$KAMAJI_POOL"

# Ends the script as the pool's setting says: fail the apply, or warn and succeed.
finish() {
  if [ "$KAMAJI_ON_TIMEOUT" = warn ]; then
    echo "WARNING: kamaji-join-health: pool $pool: $1" >&2
    exit 0
  fi
  echo "kamaji-join-health: pool $pool: $1" >&2
  exit 1
}

if ! command -v kubectl >/dev/null 2>&1; then
  unset KAMAJI_TENANT_KUBECONFIG
  finish "kubectl is not on the runner's PATH: cannot tell whether the nodes joined"
fi

umask 077
kubeconfig="$(mktemp)" || finish "cannot create a temporary file for the kubeconfig"
trap 'rm -f "$kubeconfig"' EXIT
trap 'exit 130' INT TERM
printf '%s' "\${KAMAJI_TENANT_KUBECONFIG:?}" >"$kubeconfig"
unset KAMAJI_TENANT_KUBECONFIG

# One node's state: Ready, registered but not Ready, not registered, or unreachable.
node_state() {
  if answer="$(kubectl --kubeconfig "$kubeconfig" --request-timeout=10s get node "$1" \\
    -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' 2>&1)"; then
    if [ "$answer" = True ]; then echo Ready; else echo "registered, not Ready"; fi
  else
    case "$answer" in
      *NotFound*) echo "not registered" ;;
      *) echo "unknown: kubectl failed: $(printf '%s' "$answer" | head -n 1)" ;;
    esac
  fi
}

deadline=$(($(date +%s) + KAMAJI_TIMEOUT_SECONDS))
while :; do
  report=""
  pending=0
  for node in $KAMAJI_NODES; do
    state="$(node_state "$node")"
    report="$report
  $node: $state"
    [ "$state" = Ready ] || pending=$((pending + 1))
  done
  if [ "$pending" -eq 0 ]; then
    echo "kamaji-join-health: pool $pool: every node is Ready:$report"
    exit 0
  fi
  now="$(date +%s)"
  [ "$now" -ge "$deadline" ] && break
  wait_for="$poll"
  [ $((deadline - now)) -lt "$wait_for" ] && wait_for=$((deadline - now))
  sleep "$wait_for"
done
finish "$pending node(s) not Ready after \${KAMAJI_TIMEOUT_SECONDS}s (see /var/log/kamaji-join.log on each):$report"
`;
}
