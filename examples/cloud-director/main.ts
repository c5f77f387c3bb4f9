/**
 * Worker nodes on VMware Cloud Director for a Kamaji tenant control plane, in the
 * two-stack layout (design D1): one vApp per pool on an org network, VMs from a
 * catalog vApp template whose OVF guest properties cloud-init reads.
 *
 * Credentials come from the environment, never from code: VCD_API_TOKEN, read by the
 * vmware/vcd provider, and TF_VAR_vcd_url, TF_VAR_vcd_org, TF_VAR_vcd_vdc and
 * TF_VAR_management_kubeconfig, read by Terraform.
 * Catalog, template and network names below are placeholders.
 */
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import {
  CloudDirectorInfrastructure,
  IpAllocationMode,
  NodeAddressing,
  NodePool,
  TaintEffect,
  TenantControlPlane,
  VcdProvider,
} from '../../src';
import { ControlPlaneStack, useLocalState } from '../common/control-plane-stack';

class CloudDirectorNodeStack extends TerraformStack {
  constructor(scope: Construct, id: string, controlPlane: TenantControlPlane) {
    super(scope, id);
    useLocalState(this);
    const variable = (name: string, description: string) =>
      new TerraformVariable(this, name, { type: 'string', description }).stringValue;
    // The token itself comes from VCD_API_TOKEN, which the provider reads.
    new VcdProvider(this, 'vcd', {
      url: variable('vcd_url', 'Cloud Director API URL, e.g. https://vcd.example.com/api'),
      org: variable('vcd_org', 'Cloud Director organization'),
      vdc: variable('vcd_vdc', 'Org VDC of the node VMs'),
      authType: 'api_token',
    });

    const placement = {
      catalog: 'kamaji-templates',
      template: 'ubuntu-24.04-cloudimg',
      orgNetwork: 'tenant-nodes',
    };
    new NodePool(this, 'default-pool', {
      controlPlane,
      name: 'default-pool',
      replicas: 3,
      infrastructure: new CloudDirectorInfrastructure({
        ...placement,
        cpus: 4,
        memoryMiB: 8192,
        diskGiB: 40,
        antiAffinity: true,
      }),
      addressing: NodeAddressing.staticRange({
        cidr: '203.0.113.0/24',
        first: '203.0.113.41',
        gateway: '203.0.113.1',
      }),
      labels: { 'node.kubernetes.io/pool': 'default-pool' },
    });
    new NodePool(this, 'system-pool', {
      controlPlane,
      name: 'system-pool',
      replicas: 2,
      infrastructure: new CloudDirectorInfrastructure({
        ...placement,
        ipAllocationMode: IpAllocationMode.POOL,
      }),
      labels: { 'node.kubernetes.io/pool': 'system-pool' },
      taints: [{ key: 'CriticalAddonsOnly', value: 'true', effect: TaintEffect.NO_SCHEDULE }],
    });
  }
}

export function buildApp(app: App): App {
  const controlPlane = new ControlPlaneStack(app, 'control-plane');
  new CloudDirectorNodeStack(app, 'nodes', controlPlane.controlPlane);
  return app;
}

if (require.main === module) {
  buildApp(new App()).synth();
}
