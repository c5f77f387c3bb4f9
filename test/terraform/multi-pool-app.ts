/**
 * The test app of the terraform scenarios: one tenant control plane and, in a second
 * stack, three node pools on three infrastructures sharing one join token:
 * `default-pool` on vSphere (static addresses, anti-affinity), `application-pool` on
 * MAAS VM hosts (two resources per node) and `system-pool` on Cloud Director.
 */
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { ControlPlaneStack, useLocalState } from '../../examples/common/control-plane-stack';
import {
  CloudDirectorInfrastructure,
  IpAllocationMode,
  MaasInfrastructure,
  NodeAddressing,
  NodePool,
  TenantControlPlane,
  VSphereInfrastructure,
} from '../../src';
import { MaasProvider } from '../../src/.gen/providers/maas/provider';
import { VcdProvider } from '../../src/.gen/providers/vcd/provider';

export interface MultiPoolOptions {
  /** Replicas of default-pool and application-pool. @default 3 */
  readonly replicas?: number;
  /** Changes the stacks before synthesis, e.g. through escape hatches. */
  readonly customize?: (stacks: MultiPoolStacks) => void;
}

export interface MultiPoolStacks {
  readonly controlPlane: ControlPlaneStack;
  readonly nodes: MultiPoolNodeStack;
}

export class MultiPoolNodeStack extends TerraformStack {
  public readonly pools: NodePool[];

  constructor(scope: Construct, id: string, controlPlane: TenantControlPlane, replicas: number) {
    super(scope, id);
    useLocalState(this);
    const variable = (name: string, sensitive = false) =>
      new TerraformVariable(this, name, { type: 'string', sensitive }).stringValue;
    new VsphereProvider(this, 'vsphere', {
      vsphereServer: variable('vsphere_server'),
      user: variable('vsphere_user'),
      password: variable('vsphere_password', true),
    });
    new MaasProvider(this, 'maas', {});
    new VcdProvider(this, 'vcd', {
      url: variable('vcd_url'),
      org: variable('vcd_org'),
      vdc: variable('vcd_vdc'),
      authType: 'api_token',
    });

    this.pools = [
      new NodePool(this, 'default-pool', {
        controlPlane,
        name: 'default-pool',
        replicas,
        infrastructure: new VSphereInfrastructure({
          datacenter: 'dc-1',
          computeCluster: 'cluster-1',
          datastore: 'vsan-datastore',
          networks: ['tenant-nodes'],
          template: 'templates/ubuntu-24.04-cloudinit',
          antiAffinity: true,
        }),
        addressing: NodeAddressing.staticRange({
          cidr: '192.0.2.0/24',
          first: '192.0.2.21',
          gateway: '192.0.2.1',
        }),
      }),
      new NodePool(this, 'application-pool', {
        controlPlane,
        name: 'application-pool',
        replicas,
        infrastructure: MaasInfrastructure.vmHosts({
          vmHosts: ['lxd-host-1', 'lxd-host-2'],
          storageDisks: [{ sizeGiB: 30 }],
        }),
      }),
      new NodePool(this, 'system-pool', {
        controlPlane,
        name: 'system-pool',
        replicas: 2,
        infrastructure: new CloudDirectorInfrastructure({
          catalog: 'kamaji-templates',
          template: 'ubuntu-24.04-cloudimg',
          orgNetwork: 'tenant-nodes',
          ipAllocationMode: IpAllocationMode.POOL,
        }),
      }),
    ];
  }
}

export function multiPoolApp(options: MultiPoolOptions = {}): (app: App) => App {
  return (app) => {
    const controlPlane = new ControlPlaneStack(app, 'control-plane');
    const nodes = new MultiPoolNodeStack(
      app,
      'nodes',
      controlPlane.controlPlane,
      options.replicas ?? 3,
    );
    options.customize?.({ controlPlane, nodes });
    return app;
  };
}
