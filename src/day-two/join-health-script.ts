/**
 * The script Terraform's runner runs after a pool's machines are made (local-exec): it
 * polls the tenant until every node of the pool is registered and Ready, or the
 * timeout passes, and reports each node. Pure module: no CDKTF import.
 *
 * Its input comes through the environment, and holds no secret:
 * - KAMAJI_POOL, KAMAJI_NODES (names separated by spaces), KAMAJI_TIMEOUT_SECONDS,
 *   KAMAJI_ON_TIMEOUT (`fail` or `warn`), KAMAJI_POLL_SECONDS (default 10);
 * - where the tenant's admin kubeconfig is, as the retirement scripts get it
 *   (ADMIN_KUBECONFIG_SECRET_*, MANAGEMENT_*, TENANT_ENDPOINT; renderTenantAccess): it
 *   is read when the script runs into a file only the runner's user can read, removed
 *   on every exit, so no process environment carries it for the hours a wait may last.
 *
 * Needs on the runner: a POSIX shell, `kubectl`, `mktemp`, `date`, `sleep`, `base64`,
 * and routes to the management cluster (or CDKTF_KAMAJI_TENANT_KUBECONFIG) and the
 * tenant's API server.
 */
import { renderTenantAccess, TENANT_KUBECONFIG_VARIABLE } from './retirement-scripts';

/** The runner-side join health script. */
export function renderJoinHealthScript(): string {
  return `#!/bin/sh
# kamaji-join-health: wait until every node of a pool is registered and Ready.
set -u
: "\${KAMAJI_POOL:?}" "\${KAMAJI_NODES:?}" "\${KAMAJI_TIMEOUT_SECONDS:?}" "\${KAMAJI_ON_TIMEOUT:?}"
poll="\${KAMAJI_POLL_SECONDS:-10}"
pool="$KAMAJI_POOL"
cannot="the nodes of pool $pool cannot be checked"

# Ends the script as the pool's setting says: fail the apply, or warn and succeed.
finish() {
  if [ "$KAMAJI_ON_TIMEOUT" = warn ]; then
    echo "WARNING: kamaji-join-health: pool $pool: $1" >&2
    exit 0
  fi
  echo "kamaji-join-health: pool $pool: $1" >&2
  exit 1
}
refuse() { finish "$1"; }

if ! command -v kubectl >/dev/null 2>&1; then
  finish "kubectl is not on the runner's PATH: cannot tell whether the nodes joined"
fi

${renderTenantAccess(`set ${TENANT_KUBECONFIG_VARIABLE}=<path of the tenant's admin kubeconfig>, or set the pool's joinHealth to JoinHealth.none()`)}
# One node's state in $state: Ready, registered but not Ready, not registered (a real
# NotFound only), or unknown. kubectl runs in the background (kube), so a cancelled
# apply ends the wait at once.
node_state() {
  if kube --request-timeout=10s get node "$1" \\
    -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' >"$workdir/answer"; then
    if [ "$(cat "$workdir/answer")" = True ]; then state=Ready; else state="registered, not Ready"; fi
  elif grep -q '(NotFound)' "$workdir/error" 2>/dev/null; then
    state="not registered"
  else
    state="unknown: kubectl failed: $(first_error)"
  fi
}

deadline=$(($(date +%s) + KAMAJI_TIMEOUT_SECONDS))
while :; do
  report=""
  pending=0
  for node in $KAMAJI_NODES; do
    node_state "$node"
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
  track sleep "$wait_for" || true
done
finish "$pending node(s) not Ready after \${KAMAJI_TIMEOUT_SECONDS}s (see /var/log/kamaji-join.log on each):$report"
`;
}
