/**
 * The scripts Terraform runs on its runner when a node leaves a pool (issue #14 item 4),
 * from destroy-time `local-exec` provisioners: first the drain (before the machine is
 * destroyed), then the Node deletion (after). Pure module: no CDKTF import.
 *
 * Both read two environment variables the provisioner sets from the instance's state:
 * `NODE_NAME`, and `TENANT_KUBECONFIG`, the tenant's admin kubeconfig, which is written
 * to a 0600 file in a private temporary folder removed on exit: it never reaches argv
 * or the log. Both are idempotent (a Node already gone is success), since a failed
 * destroy provisioner runs again on the next apply. `CDKTF_KAMAJI_SKIP_DRAIN=1` in the
 * runner's environment makes both do nothing: for a tenant that is being torn down
 * with its control plane, or is unreachable.
 */
import { DrainTimeoutAction, NodeDrain } from './node-drain';

/** The variable that makes the scripts skip every kubectl call. */
export const SKIP_DRAIN_VARIABLE = 'CDKTF_KAMAJI_SKIP_DRAIN';

/** The common start: skip switch, kubectl check, the kubeconfig file, and the Node lookup. */
function prelude(purpose: string, what: string): string {
  return `#!/bin/sh
# ${purpose}
# Rendered by cdktf-kamaji (src/day-two/retirement-scripts.ts); run by Terraform on its runner.
set -eu
node="$NODE_NAME"
if [ "\${${SKIP_DRAIN_VARIABLE}:-}" = 1 ]; then
  echo "cdktf-kamaji: ${SKIP_DRAIN_VARIABLE}=1: $node is not ${what}" >&2
  exit 0
fi
if ! command -v kubectl >/dev/null 2>&1; then
  echo "cdktf-kamaji: kubectl is not on the PATH of the Terraform runner, so $node cannot be ${what}; install kubectl, or set ${SKIP_DRAIN_VARIABLE}=1 to let its machine go as it is" >&2
  exit 1
fi
umask 077
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
trap 'exit 130' HUP INT TERM
printf '%s\\n' "$TENANT_KUBECONFIG" >"$workdir/kubeconfig"
unset TENANT_KUBECONFIG
KUBECONFIG="$workdir/kubeconfig"
export KUBECONFIG
if [ -z "$(kubectl get node "$node" --ignore-not-found --output=name --request-timeout=30s)" ]; then
  echo "cdktf-kamaji: $node is not in the tenant: nothing to do"
  exit 0
fi
`;
}

/**
 * Cordons and drains one node: evictions through the Eviction API, so PodDisruptionBudgets
 * hold; DaemonSet pods stay; emptyDir data goes with the pod. A drain that does not finish
 * within the timeout fails the apply (the machine stays) or, when asked, lets it go.
 */
export function renderDrainScript(drain: NodeDrain): string {
  const timeout = drain.timeoutSeconds;
  const onFailure =
    drain.onTimeout === DrainTimeoutAction.PROCEED
      ? `echo "cdktf-kamaji: WARNING: $node was not drained within ${timeout} s; its machine goes anyway (onTimeout: proceed)" >&2
exit 0`
      : `echo "cdktf-kamaji: $node was not drained within ${timeout} s (a PodDisruptionBudget that allows no eviction, or a pod that does not stop); its machine is kept and stays cordoned. Fix the workload and apply again, or set onTimeout: proceed" >&2
exit 1`;
  return `${prelude('Drains a node of a Kamaji tenant before its machine is destroyed.', 'drained')}kubectl cordon "$node" --request-timeout=30s
if kubectl drain "$node" --ignore-daemonsets --delete-emptydir-data --timeout=${timeout}s; then
  echo "cdktf-kamaji: $node drained"
  exit 0
fi
${onFailure}
`;
}

/** Deletes one Node object, once its machine is gone. */
export function renderNodeDeletionScript(): string {
  return `${prelude('Deletes the Node of a Kamaji tenant whose machine was destroyed.', 'deleted')}kubectl delete node "$node" --ignore-not-found --request-timeout=30s
echo "cdktf-kamaji: Node $node deleted"
`;
}
