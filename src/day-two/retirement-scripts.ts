/**
 * The scripts Terraform runs on its runner when a node leaves a pool (issue #14 item 4),
 * from destroy-time `local-exec` provisioners: first the drain (before the machine is
 * destroyed), then the Node deletion (after). Pure module: no CDKTF import.
 *
 * Terraform's state holds no credential for them (node-retirement.ts says why): they
 * read the tenant's admin kubeconfig when they run, from Kamaji's Secret
 * (`ADMIN_KUBECONFIG_SECRET_NAMESPACE`/`_NAME`, key `admin.conf`) in the management
 * cluster, with the runner's own access to it: the kubeconfig `MANAGEMENT_KUBECONFIG`
 * (and context `MANAGEMENT_CONTEXT`) the control plane's provider names, else the
 * kubernetes provider's `KUBE_CONFIG_PATH`, else `KUBECONFIG`, else `~/.kube/config`.
 * So they always use the current credentials, also of a control plane made elsewhere.
 * `CDKTF_KAMAJI_TENANT_KUBECONFIG=<file>` gives the tenant's kubeconfig instead, for a
 * runner without access to the management cluster. The fetched kubeconfig goes to a
 * 0600 file in a private temporary folder removed on exit: it never reaches argv or
 * the log. Both are idempotent (a Node already gone is success), since a failed
 * destroy provisioner runs again on the next apply. `CDKTF_KAMAJI_SKIP_DRAIN=1` in the
 * runner's environment makes both do nothing: for a tenant that is being torn down
 * with its control plane, or is unreachable.
 */
import { DrainTimeoutAction, NodeDrain } from './node-drain';

/** The variable that makes the scripts skip every kubectl call. */
export const SKIP_DRAIN_VARIABLE = 'CDKTF_KAMAJI_SKIP_DRAIN';

/** The variable naming a tenant kubeconfig file the scripts use as it is. */
export const TENANT_KUBECONFIG_VARIABLE = 'CDKTF_KAMAJI_TENANT_KUBECONFIG';

/**
 * The common start: skip switch, kubectl check, the tenant's kubeconfig (given, or read
 * from the management cluster), and the Node lookup.
 */
function prelude(purpose: string, what: string): string {
  const ways = `set ${TENANT_KUBECONFIG_VARIABLE}=<path of the tenant's admin kubeconfig>, or ${SKIP_DRAIN_VARIABLE}=1 to let its machine go as it is`;
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
# A leading ~/ is the runner's home, as the kubernetes provider reads it.
home_path() {
  case "$1" in
  \\~/*) printf '%s/%s' "\${HOME:-}" "\${1#??}" ;;
  *) printf '%s' "$1" ;;
  esac
}
umask 077
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
trap 'exit 130' HUP INT TERM
given="\${${TENANT_KUBECONFIG_VARIABLE}:-}"
if [ -n "$given" ]; then
  tenant=$(home_path "$given")
  if [ ! -r "$tenant" ]; then
    echo "cdktf-kamaji: ${TENANT_KUBECONFIG_VARIABLE} names $tenant, which is not a readable file, so $node cannot be ${what}; set it to the tenant's admin kubeconfig, or set ${SKIP_DRAIN_VARIABLE}=1 to let its machine go as it is" >&2
    exit 1
  fi
else
  # The provider's kubeconfig, else where the kubernetes provider and kubectl look.
  management="\${MANAGEMENT_KUBECONFIG:-}"
  if [ -z "$management" ]; then management="\${KUBE_CONFIG_PATH:-}"; fi
  if [ -z "$management" ]; then management="\${KUBECONFIG:-}"; fi
  if [ -z "$management" ]; then management="\${HOME:-}/.kube/config"; fi
  management=$(home_path "$management")
  secret="$ADMIN_KUBECONFIG_SECRET_NAMESPACE/$ADMIN_KUBECONFIG_SECRET_NAME"
  set -- get secret "$ADMIN_KUBECONFIG_SECRET_NAME" --namespace="$ADMIN_KUBECONFIG_SECRET_NAMESPACE" --request-timeout=30s '--output=jsonpath={.data.admin\\.conf}'
  if [ -n "\${MANAGEMENT_CONTEXT:-}" ]; then set -- "$@" --context="$MANAGEMENT_CONTEXT"; fi
  # Into files: the Secret never reaches the log, kubectl's error only its first line.
  if ! KUBECONFIG="$management" kubectl "$@" >"$workdir/admin.conf.base64" 2>"$workdir/error"; then
    echo "cdktf-kamaji: the tenant's admin kubeconfig (Secret $secret, key admin.conf) could not be read from the management cluster with kubeconfig $management\${MANAGEMENT_CONTEXT:+ (context $MANAGEMENT_CONTEXT)}, so $node cannot be ${what}: $(head -n 1 "$workdir/error"). Give the runner read access to that Secret, or ${ways}" >&2
    exit 1
  fi
  if [ ! -s "$workdir/admin.conf.base64" ]; then
    echo "cdktf-kamaji: Secret $secret in the management cluster has no admin.conf, so $node cannot be ${what}; ${ways}" >&2
    exit 1
  fi
  tenant="$workdir/kubeconfig"
  if ! base64 -d <"$workdir/admin.conf.base64" >"$tenant" 2>/dev/null; then
    echo "cdktf-kamaji: admin.conf of Secret $secret is not base64, so $node cannot be ${what}; ${ways}" >&2
    exit 1
  fi
  rm -f "$workdir/admin.conf.base64"
fi
KUBECONFIG="$tenant"
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
