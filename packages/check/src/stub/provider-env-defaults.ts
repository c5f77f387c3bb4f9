/**
 * Provider arguments that are `Required` in the provider's schema but have an
 * environment default (terraform-plugin-sdk v2 `EnvDefaultFunc` / `MultiEnvDefaultFunc`).
 * The SDK reports such an argument to Terraform as optional when one of its variables is
 * set and not empty (see /work/shared/notes/cdk-terrain-facts.md), so the stub serves it
 * as optional under the same condition, and as required otherwise, as real Terraform does.
 *
 * Facts read from each provider's source at the version of its schema file:
 * - vmware/vsphere v2.15.0 (commit 0aab07b95f220f447e994d028a52ed50d4264166),
 *   vsphere/provider.go: `user` VSPHERE_USER, `password` VSPHERE_PASSWORD.
 * - vmware/vcd v3.14.1 (commit a9b8551447000ecc04c5577252fbebbfba9d7c4a),
 *   vcd/provider.go: `org` VCD_ORG, `url` VCD_URL.
 * - canonical/maas v2.4.0 (commit b76df544644893df486d6a787a51893173b24f35),
 *   maas/provider.go: `api_key`, `api_url` are Optional (a Default read from the
 *   environment at start), so nothing to model.
 * - bpg/proxmox v0.111.1 (commit b22fe919fc34476b232191b69c8907f0c1aa5bea),
 *   proxmoxtf/provider/schema.go: its MultiEnvDefaultFunc arguments are all Optional;
 *   the Required ones (`ssh.node.name`, `ssh.node.address`) have no environment default.
 * - hashicorp/kubernetes v2.38.0 (commit be88f44271050f69d52f410bca388834afedfe71),
 *   kubernetes/provider.go: no Required argument with an EnvDefaultFunc.
 * - hashicorp/random 3.7.2, hashicorp/time 0.13.1: no provider arguments at all (their
 *   schema files).
 * The schema files agree: no required provider argument but the four below.
 */
export const PROVIDER_ENV_DEFAULTS: Readonly<
  Record<string, Readonly<Record<string, readonly string[]>>>
> = {
  'registry.terraform.io/vmware/vsphere': {
    user: ['VSPHERE_USER'],
    password: ['VSPHERE_PASSWORD'],
  },
  'registry.terraform.io/vmware/vcd': {
    org: ['VCD_ORG'],
    url: ['VCD_URL'],
  },
};
