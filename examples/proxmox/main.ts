/**
 * Worker nodes on Proxmox VE for a Kamaji tenant control plane, in the two-stack
 * layout (design D1): `control-plane` on the management cluster, `nodes` on Proxmox.
 *
 * The bpg/proxmox provider reads its credentials from the environment, never from
 * code: PROXMOX_VE_ENDPOINT, PROXMOX_VE_API_TOKEN, and for the snippet uploads (SSH)
 * PROXMOX_VE_SSH_USERNAME with an ssh-agent (or PROXMOX_VE_SSH_PRIVATE_KEY).
 * TF_VAR_management_kubeconfig names the management cluster's kubeconfig.
 * Node, datastore and template names below are placeholders for your own.
 */
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  NodeAddressing,
  NodePool,
  ProxmoxInfrastructure,
  ProxmoxProvider,
  TaintEffect,
  TenantControlPlane,
} from '../../src';
import { ControlPlaneStack, useLocalState } from '../common/control-plane-stack';

class ProxmoxNodeStack extends TerraformStack {
  constructor(scope: Construct, id: string, controlPlane: TenantControlPlane) {
    super(scope, id);
    useLocalState(this);
    // Snippets are uploaded over SSH: the provider needs an ssh block (agent by default).
    new ProxmoxProvider(this, 'proxmox', { ssh: [{ agent: true }] });

    const placement = {
      nodes: ['pve-1', 'pve-2', 'pve-3'],
      templateVmId: 9000,
      snippetsDatastore: 'local',
      diskDatastore: 'local-lvm',
      networkDevices: [{ bridge: 'vmbr0', vlanId: 20 }],
    };
    new NodePool(this, 'default-pool', {
      controlPlane,
      name: 'default-pool',
      replicas: 3,
      infrastructure: new ProxmoxInfrastructure({
        ...placement,
        cpuCores: 4,
        memoryMiB: 8192,
        diskGiB: 40,
      }),
      addressing: NodeAddressing.staticRange({
        cidr: '198.51.100.0/24',
        first: '198.51.100.31',
        gateway: '198.51.100.1',
        dns: ['198.51.100.53'],
      }),
      labels: { 'node.kubernetes.io/pool': 'default-pool' },
    });
    new NodePool(this, 'system-pool', {
      controlPlane,
      name: 'system-pool',
      replicas: 2,
      infrastructure: new ProxmoxInfrastructure({ ...placement, fullClone: false }),
      labels: { 'node.kubernetes.io/pool': 'system-pool' },
      taints: [{ key: 'CriticalAddonsOnly', value: 'true', effect: TaintEffect.NO_SCHEDULE }],
    });
  }
}

export function buildApp(app: App): App {
  const controlPlane = new ControlPlaneStack(app, 'control-plane');
  new ProxmoxNodeStack(app, 'nodes', controlPlane.controlPlane);
  return app;
}

if (require.main === module) {
  buildApp(new App()).synth();
}
