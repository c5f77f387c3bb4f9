/**
 * The fleet the check benchmark (and test/check's parallel test) checks: N tenants, each
 * with three bring-your-own pools of three nodes, as a fleet file, synthesized into
 * control-planes plus one node stack per tenant (N + 1 stacks). Bring-your-own machines
 * keep the stacks to what every fleet has (control plane, join token, pools, ledger,
 * cross-stack reads) without a hypervisor's lookups.
 */
import * as fs from 'fs';
import { App } from 'cdktf';
import { buildFleet } from '../src';

/** The fleet file text for `tenants` tenants. */
export function checkFleetYaml(tenants: number): string {
  const others = Array.from({ length: tenants - 1 }, (_, i) => {
    const name = `tcp-${String(i + 1).padStart(3, '0')}`;
    return `  - { <<: *tenant, name: ${name} }\n`;
  }).join('');
  return `managementCluster:
  kubeconfig: ~/.kube/config
namespace: kamaji-tenant
controlPlanes:
  - &tenant
    name: tcp-000
    kubernetesVersion: v1.35.7
    deletionProtection: false
    pools:
      - { name: default-pool, replicas: 3, infrastructure: { bring-your-own: {} } }
      - { name: system-pool, replicas: 3, infrastructure: { bring-your-own: {} } }
      - { name: application-pool, replicas: 3, infrastructure: { bring-your-own: {} } }
${others}`;
}

/** Synthesizes the fleet of `tenants` tenants into outdir. */
export function synthCheckFleet(tenants: number, outdir: string): void {
  fs.mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir });
  buildFleet(app, checkFleetYaml(tenants), 'fleet.yaml');
  app.synth();
}
