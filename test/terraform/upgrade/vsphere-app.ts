/**
 * A small vSphere tenant (a control plane stack, and a nodes stack with one DHCP pool
 * and one static pool of two VMs each) that the library of an older commit and today's
 * both synthesize: it uses only API that both have. `upgrade-fixture.sh` runs it inside
 * a worktree of the older commit to make the fixtures in ../fixtures/; the upgrade test
 * synthesizes it with today's library.
 *
 * Run as a program: `ts-node --transpile-only vsphere-app.ts <outdir>`.
 */
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { ControlPlaneStack, useLocalState } from '../../../examples/common/control-plane-stack';
import { NodeAddressing, NodePool, VSphereInfrastructure } from '../../../src';

export function vsphereApp(app: App): App {
  const { controlPlane } = new ControlPlaneStack(app, 'control-plane');
  const nodes = new TerraformStack(app, 'nodes');
  useLocalState(nodes);
  new VsphereProvider(nodes, 'vsphere', { user: 'u', password: 'p', vsphereServer: 'vc' });
  const infrastructure = new VSphereInfrastructure({
    datacenter: 'dc-1',
    computeCluster: 'cluster-1',
    datastore: 'vsan',
    networks: ['tenant-nodes'],
    template: 'ubuntu-24.04',
  });
  new NodePool(nodes, 'default-pool', {
    controlPlane,
    name: 'default-pool',
    replicas: 2,
    infrastructure,
  });
  new NodePool(nodes, 'static-pool', {
    controlPlane,
    name: 'static-pool',
    replicas: 2,
    infrastructure,
    addressing: NodeAddressing.staticRange({
      cidr: '192.0.2.0/24',
      first: '192.0.2.20',
      gateway: '192.0.2.1',
      dns: ['192.0.2.53'],
    }),
  });
  return app;
}

if (require.main === module) {
  const outdir = process.argv[2];
  if (!outdir) throw new Error('usage: vsphere-app.ts <outdir>');
  vsphereApp(new App({ outdir })).synth();
}
