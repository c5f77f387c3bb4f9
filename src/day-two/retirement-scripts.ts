/**
 * The scripts Terraform runs on its runner when a node leaves a pool (issue #14 item 4),
 * from destroy-time `local-exec` provisioners: first the drain (before the machine is
 * destroyed), then the Node deletion (after). Pure module: no CDKTF import.
 *
 * Terraform's state holds no credential for them (node-retirement.ts says why): they
 * read the tenant's admin kubeconfig when they run, from Kamaji's Secret
 * (`ADMIN_KUBECONFIG_SECRET_NAMESPACE`/`_NAME`, key `admin.conf`) in the management
 * cluster, reached exactly as the control plane's kubernetes provider reaches it
 * (renderTenantAccess), and refuse a tenant whose API server is not the control
 * plane's (`TENANT_ENDPOINT`, `TENANT_CA_SHA256`). `CDKTF_KAMAJI_TENANT_KUBECONFIG=<file>` gives the
 * tenant's kubeconfig instead, for a runner without access to the management cluster.
 * The fetched kubeconfig goes to a 0600 file in a private temporary folder removed on
 * every exit, signals included; kubectl runs in the background so a signal ends it
 * with the script. Both are idempotent (only a real NotFound is "already gone"), since
 * a failed destroy provisioner runs again on the next apply; every other failure exits
 * 1, which fails the apply and keeps the machine. `CDKTF_KAMAJI_SKIP_DRAIN=1` in the
 * runner's environment makes both do nothing: for a tenant that is being torn down
 * with its control plane, or is unreachable.
 */
import { NodeDrain } from './node-drain';
import { TimeoutAction } from './timeout-action';

/** The variable that makes the scripts skip every kubectl call. */
export const SKIP_DRAIN_VARIABLE = 'CDKTF_KAMAJI_SKIP_DRAIN';

/** The variable naming a tenant kubeconfig file the scripts use as it is. */
export const TENANT_KUBECONFIG_VARIABLE = 'CDKTF_KAMAJI_TENANT_KUBECONFIG';

/**
 * The runner's variables that the kubernetes provider reads as overrides of the
 * kubeconfig (kubernetes/provider.go: `EnvDefaultFunc` of host, token, certificates):
 * with one of them set, the provider reaches a cluster kubectl cannot be sure to reach.
 */
const PROVIDER_OVERRIDE_VARIABLES = [
  'KUBE_HOST',
  'KUBE_TOKEN',
  'KUBE_USER',
  'KUBE_PASSWORD',
  'KUBE_CLIENT_CERT_DATA',
  'KUBE_CLIENT_KEY_DATA',
  'KUBE_CLUSTER_CA_CERT_DATA',
  'KUBE_INSECURE',
  'KUBE_TLS_SERVER_NAME',
  'KUBE_PROXY_URL',
];

/** The ways out a retirement script names when it cannot act. */
const DRAIN_WAYS = `set ${TENANT_KUBECONFIG_VARIABLE}=<path of the tenant's admin kubeconfig>, or ${SKIP_DRAIN_VARIABLE}=1 to let its machine go as it is`;

/**
 * Shell that sets `KUBECONFIG` to the tenant's admin kubeconfig and checks it is the
 * tenant the pool joins. Shared by the retirement scripts and join health. Expects
 * `refuse <message>` (ends the script), and `cannot` (e.g. "$node cannot be drained")
 * for its messages, and names `ways` out in them. Defines `kube <kubectl args>`: kubectl in the background (a
 * signal is handled at once, not after kubectl ends), stderr to "$workdir/error"; and
 * `track <command>` for any other long command.
 *
 * The management cluster, as hashicorp/kubernetes resolves it (kubernetes/provider.go,
 * initializeConfiguration; `config_path` defaults to `KUBE_CONFIG_PATH`, so the variable
 * wins over the `config_paths` argument): `config_path`, else `KUBE_CONFIG_PATH`, else
 * `config_paths`, else `KUBE_CONFIG_PATHS` (a list split like `KUBECONFIG`); context,
 * user and cluster from `config_context*`, else `KUBE_CTX*`, and only with a path. The
 * provider's loading rules are empty, never the defaults: it reads no `KUBECONFIG` and
 * no `~/.kube/config`, and neither does this.
 */
export function renderTenantAccess(ways: string = DRAIN_WAYS): string {
  return `# A leading ~ is the runner's home, as the kubernetes provider expands it.
home_path() {
  case "$1" in
  \\~) printf '%s' "\${HOME:-}" ;;
  \\~/*) printf '%s/%s' "\${HOME:-}" "\${1#??}" ;;
  *) printf '%s' "$1" ;;
  esac
}
umask 077
workdir=$(mktemp -d)
child=""
# Terraform stops a provisioner by killing this shell with SIGKILL (local-exec runs it
# with Go's exec.CommandContext), which no trap sees: a watcher outside it, deaf to the
# terminal's Ctrl-C, stops kubectl and removes the kubeconfig once the shell is gone.
shell=$$
(
  trap '' HUP INT
  while kill -0 "$shell" 2>/dev/null; do sleep 1; done
  if [ -s "$workdir/child" ]; then kill "$(cat "$workdir/child")" 2>/dev/null; fi
  rm -rf "$workdir"
) </dev/null >/dev/null 2>&1 &
watcher=$!
# Every other exit path, signals included: kubectl and the watcher stop, the kubeconfig goes.
trap 'kill "$watcher" 2>/dev/null; if [ -n "$child" ]; then kill "$child" 2>/dev/null || true; fi; rm -rf "$workdir"' EXIT
trap 'exit 130' HUP INT TERM
# Runs "$@" in the background, known to the traps and the watcher.
track() {
  "$@" &
  child=$!
  echo "$child" >"$workdir/child"
  status=0
  wait "$child" || status=$?
  child=""
  return "$status"
}
kube() { track kubectl "$@" 2>"$workdir/error"; }
first_error() { head -n 1 "$workdir/error" 2>/dev/null || true; }
sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum; else shasum -a 256; fi | cut -d ' ' -f 1
}
given="\${${TENANT_KUBECONFIG_VARIABLE}:-}"
if [ -n "$given" ]; then
  tenant=$(home_path "$given")
  if [ ! -r "$tenant" ]; then
    refuse "${TENANT_KUBECONFIG_VARIABLE} names $tenant, which is not a readable file, so \${cannot}; ${ways}"
  fi
  reached="${TENANT_KUBECONFIG_VARIABLE} $tenant"
else
  if [ -n "\${MANAGEMENT_UNREPRODUCIBLE:-}" ]; then
    refuse "the management cluster's kubernetes provider is configured with $MANAGEMENT_UNREPRODUCIBLE, which kubectl cannot reproduce, so \${cannot}; ${ways}"
  fi
  for variable in ${PROVIDER_OVERRIDE_VARIABLES.join(' ')}; do
    value=$(printenv "$variable" || true)
    # KUBE_INSECURE=false overrides nothing.
    if [ -n "$value" ] && [ "$variable=$value" != KUBE_INSECURE=false ]; then
      refuse "$variable is set, so the management cluster's kubernetes provider reaches a cluster kubectl cannot be sure to reach, and \${cannot}; ${ways}"
    fi
  done
  paths="\${MANAGEMENT_KUBECONFIG:-\${KUBE_CONFIG_PATH:-}}"
  if [ -z "$paths" ]; then paths="\${MANAGEMENT_KUBECONFIG_PATHS:-\${KUBE_CONFIG_PATHS:-}}"; fi
  if [ -z "$paths" ]; then
    refuse "the management cluster's kubernetes provider names no kubeconfig (config_path, config_paths, KUBE_CONFIG_PATH or KUBE_CONFIG_PATHS; it reads neither KUBECONFIG nor ~/.kube/config), so \${cannot}; give it one, or ${ways}"
  fi
  management=""
  set -f
  old_ifs=$IFS
  IFS=:
  for one in $paths; do management="\${management:+$management:}$(home_path "$one")"; done
  IFS=$old_ifs
  set +f
  case "$management" in
  *:*) ;;
  *)
    # One path is an explicit file to the provider: it must exist.
    if [ ! -r "$management" ]; then
      refuse "the management kubeconfig $management is not a readable file, so \${cannot}; fix the kubernetes provider's config_path (or KUBE_CONFIG_PATH), or ${ways}"
    fi
    ;;
  esac
  context="\${MANAGEMENT_CONTEXT:-\${KUBE_CTX:-}}"
  user="\${MANAGEMENT_CONTEXT_AUTH_INFO:-\${KUBE_CTX_AUTH_INFO:-}}"
  cluster="\${MANAGEMENT_CONTEXT_CLUSTER:-\${KUBE_CTX_CLUSTER:-}}"
  reached="kubeconfig $management\${context:+, context $context}\${user:+, user $user}\${cluster:+, cluster $cluster}"
  secret="$ADMIN_KUBECONFIG_SECRET_NAMESPACE/$ADMIN_KUBECONFIG_SECRET_NAME"
  set -- get secret "$ADMIN_KUBECONFIG_SECRET_NAME" --namespace="$ADMIN_KUBECONFIG_SECRET_NAMESPACE" --request-timeout=30s '--output=jsonpath={.data.admin\\.conf}'
  if [ -n "$context" ]; then set -- "$@" --context="$context"; fi
  if [ -n "$user" ]; then set -- "$@" --user="$user"; fi
  if [ -n "$cluster" ]; then set -- "$@" --cluster="$cluster"; fi
  # Into files: the Secret never reaches the log, kubectl's error only its first line.
  if ! KUBECONFIG="$management" kube "$@" >"$workdir/admin.conf.base64"; then
    refuse "the tenant's admin kubeconfig (Secret $secret, key admin.conf) could not be read from the management cluster with $reached, so \${cannot}: $(first_error). Give the runner read access to that Secret, or ${ways}"
  fi
  if [ ! -s "$workdir/admin.conf.base64" ]; then
    refuse "Secret $secret in the management cluster has no admin.conf, so \${cannot}; ${ways}"
  fi
  tenant="$workdir/kubeconfig"
  if ! base64 -d <"$workdir/admin.conf.base64" >"$tenant" 2>/dev/null; then
    refuse "admin.conf of Secret $secret is not base64, so \${cannot}; ${ways}"
  fi
  rm -f "$workdir/admin.conf.base64"
fi
KUBECONFIG="$tenant"
export KUBECONFIG
# The tenant reached must be the one the pool joins: another context, kubeconfig or
# management cluster can hold a same-named Secret and a same-named Node.
if [ -z "\${TENANT_ENDPOINT:-}" ]; then
  refuse "the record of this pool holds no control plane endpoint to check the tenant against (it was made by an older cdktf-kamaji), so \${cannot}; apply once with the node still in the pool to update the record, or ${ways}"
fi
server=$(kubectl config view --minify --raw '--output=jsonpath={.clusters[0].cluster.server}' 2>/dev/null || true)
server=\${server#https://}
server=\${server%/}
if [ "$server" != "$TENANT_ENDPOINT" ]; then
  refuse "the kubeconfig from $reached is for API server \${server:-(none)}, not for the control plane's $TENANT_ENDPOINT: wrong cluster, so \${cannot} and nothing was changed; fix the management kubeconfig or context, or ${ways}"
fi
# And its CA (two environments may reuse an address, never a CA). A record of an older
# version has no hash: the server check stands alone there.
if [ -n "\${TENANT_CA_SHA256:-}" ]; then
  ca_data=$(kubectl config view --minify --raw '--output=jsonpath={.clusters[0].cluster.certificate-authority-data}' 2>/dev/null || true)
  if [ -n "$ca_data" ]; then
    ca=$(printf '%s' "$ca_data" | base64 -d 2>/dev/null | sha256 || true)
  else
    ca_file=$(kubectl config view --minify --raw '--output=jsonpath={.clusters[0].cluster.certificate-authority}' 2>/dev/null || true)
    ca=$(if [ -n "$ca_file" ] && [ -r "$ca_file" ]; then sha256 <"$ca_file"; fi)
  fi
  if [ "$ca" != "$TENANT_CA_SHA256" ]; then
    refuse "the kubeconfig from $reached trusts another CA than the control plane's (sha256 \${ca:-none}, not $TENANT_CA_SHA256): wrong cluster, so \${cannot} and nothing was changed; fix the management kubeconfig or context, or ${ways}"
  fi
fi
`;
}

/**
 * `tenant_failed <verb>`: a kubectl call on the tenant failed otherwise than NotFound;
 * one line with kubectl's first error line and the ways out, then exit 1.
 */
const TENANT_FAILURE = `tenant_failed() {
  refuse "$node could not be $1 in the tenant, so $kept: $(first_error). Bring the tenant's API server back (or fix the access) and apply again, or set ${SKIP_DRAIN_VARIABLE}=1 to let its machine go as it is"
}
# A NotFound answer: the Node went meanwhile.
node_gone() { grep -q '(NotFound)' "$workdir/error" 2>/dev/null; }`;

/**
 * The common start of the retirement scripts: skip switch, kubectl check, the tenant's
 * kubeconfig, and the Node lookup: a Node that is not found is done; a lookup that
 * fails otherwise (unreachable, 401/403, timeout) fails the apply.
 */
function prelude(purpose: string, what: string, kept: string): string {
  return `#!/bin/sh
# ${purpose}
# Rendered by cdktf-kamaji (src/day-two/retirement-scripts.ts); run by Terraform on its runner.
set -eu
node="$NODE_NAME"
cannot="$node cannot be ${what}"
kept="${kept}"
refuse() {
  echo "cdktf-kamaji: $1" >&2
  exit 1
}
if [ "\${${SKIP_DRAIN_VARIABLE}:-}" = 1 ]; then
  echo "cdktf-kamaji: ${SKIP_DRAIN_VARIABLE}=1: $node is not ${what}" >&2
  exit 0
fi
if ! command -v kubectl >/dev/null 2>&1; then
  refuse "kubectl is not on the PATH of the Terraform runner, so $cannot; install kubectl, or set ${SKIP_DRAIN_VARIABLE}=1 to let its machine go as it is"
fi
${renderTenantAccess()}${TENANT_FAILURE}
# --ignore-not-found turns only NotFound into an empty answer: any other error still fails.
if ! kube get node "$node" --ignore-not-found --output=name --request-timeout=30s >"$workdir/found"; then
  tenant_failed "looked up"
fi
if [ ! -s "$workdir/found" ]; then
  echo "cdktf-kamaji: $node is not in the tenant: nothing to do"
  exit 0
fi
`;
}

/**
 * Cordons and drains one node: evictions through the Eviction API, so PodDisruptionBudgets
 * hold; DaemonSet pods stay; emptyDir data goes with the pod. A drain that does not finish
 * within the timeout fails the apply (the machine stays) or, when asked, lets it go; a
 * drain that fails for another reason always fails the apply.
 */
export function renderDrainScript(drain: NodeDrain): string {
  const timeout = drain.timeoutSeconds;
  const onTimeout =
    drain.onTimeout === TimeoutAction.PROCEED
      ? `echo "cdktf-kamaji: WARNING: $node was not drained within ${timeout} s; its machine goes anyway (onTimeout: proceed)" >&2
exit 0`
      : `echo "cdktf-kamaji: $node was not drained within ${timeout} s (a PodDisruptionBudget that allows no eviction, or a pod that does not stop); its machine is kept and stays cordoned. Fix the workload and apply again, or set onTimeout: proceed" >&2
exit 1`;
  return `${prelude('Drains a node of a Kamaji tenant before its machine is destroyed.', 'drained', 'the apply fails and its machine is kept')}if ! kube cordon "$node" --request-timeout=30s; then
  if node_gone; then
    echo "cdktf-kamaji: $node is not in the tenant: nothing to do"
    exit 0
  fi
  tenant_failed cordoned
fi
if kube drain "$node" --ignore-daemonsets --delete-emptydir-data --timeout=${timeout}s; then
  echo "cdktf-kamaji: $node drained"
  exit 0
fi
if node_gone; then
  echo "cdktf-kamaji: $node is not in the tenant: nothing to do"
  exit 0
fi
# Only kubectl's own timeout is a timeout; an unreachable tenant is no reason to proceed.
# (kubectl's drain says "global timeout reached"; releases before 1.18 "Drain did not complete within".)
if ! grep -qiE 'global timeout reached|drain did not complete within' "$workdir/error"; then
  tenant_failed drained
fi
${onTimeout}
`;
}

/** Deletes one Node object, once its machine is gone. */
export function renderNodeDeletionScript(): string {
  return `${prelude('Deletes the Node of a Kamaji tenant whose machine was destroyed.', 'deleted', 'the apply fails and the Node stays until the next apply')}if ! kube delete node "$node" --ignore-not-found --request-timeout=30s; then
  tenant_failed deleted
fi
echo "cdktf-kamaji: Node $node deleted"
`;
}
