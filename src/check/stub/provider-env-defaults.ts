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
 * - hashicorp/kubernetes 2.38.0, bpg/proxmox 0.111.1, canonical/maas 2.4.0,
 *   hashicorp/random 3.7.2, hashicorp/time 0.13.1: their schema files (dumped without
 *   any of their variables set) have no required provider argument, so none to model.
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
