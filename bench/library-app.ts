/**
 * The benchmark app written with the library: the two-stack layout of the examples
 * (design D1), one TenantControlPlane per tenant in `control-plane`, its node pools
 * in `nodes`.
 */
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { App, LocalBackend, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { ProxmoxProvider } from '../src/.gen/providers/proxmox/provider';
import {
  INodeInfrastructure,
  KubernetesVersion,
  NodeAddressing,
  NodePool,
  ProxmoxInfrastructure,
  TenantControlPlane,
  VSphereInfrastructure,
} from '../src';
import {
  CONTROL_PLANE_STACK,
  controlPlaneName,
  Infrastructure,
  KUBERNETES_VERSION,
  NAMESPACE,
  NODE_STACK,
  PoolSpec,
  POOLS,
  poolOf,
  PROXMOX_PLACEMENT,
  Size,
  SSH_AUTHORIZED_KEYS,
  VSPHERE_PLACEMENT,
} from './scenario';

/** Builds the benchmark app of `size` on `infrastructure` into `app`. */
export function buildLibraryApp(app: App, infrastructure: Infrastructure, size: Size): App {
  const controlPlanes = new TerraformStack(app, CONTROL_PLANE_STACK);
  localState(controlPlanes);
  const kubeconfig = new TerraformVariable(controlPlanes, 'management_kubeconfig', {
    type: 'string',
    default: '~/.kube/config',
    description: 'Path of the kubeconfig of the Kamaji management cluster',
  });
  new KubernetesProvider(controlPlanes, 'management', { configPath: kubeconfig.stringValue });

  const nodes = new TerraformStack(app, NODE_STACK);
  localState(nodes);
  if (infrastructure === Infrastructure.PROXMOX) {
    new ProxmoxProvider(nodes, 'proxmox', { ssh: [{ agent: true }] });
  } else {
    new VsphereProvider(nodes, 'vsphere', {
      vsphereServer: variable(nodes, 'vsphere_server'),
      user: variable(nodes, 'vsphere_user'),
      password: variable(nodes, 'vsphere_password', true),
    });
  }

  for (let c = 0; c < size.controlPlanes; c++) {
    const name = controlPlaneName(c);
    const controlPlane = new TenantControlPlane(controlPlanes, name, {
      name,
      namespace: NAMESPACE,
      kubernetesVersion: KubernetesVersion.of(KUBERNETES_VERSION),
      deletionProtection: false,
    });
    const tenant = new Construct(nodes, name);
    for (const pool of POOLS.slice(0, size.poolsPerControlPlane).map((p) => poolOf(p, c))) {
      new NodePool(tenant, pool.name, {
        controlPlane,
        name: pool.name,
        replicas: size.nodesPerPool,
        infrastructure: infrastructureOf(infrastructure, pool),
        addressing: pool.addressing && NodeAddressing.staticRange(pool.addressing),
        labels: pool.labels,
        taints: pool.taints,
        bootstrap: { sshAuthorizedKeys: SSH_AUTHORIZED_KEYS },
      });
    }
  }
  return app;
}

function infrastructureOf(infrastructure: Infrastructure, pool: PoolSpec): INodeInfrastructure {
  return infrastructure === Infrastructure.PROXMOX
    ? new ProxmoxInfrastructure({ ...PROXMOX_PLACEMENT, ...pool.proxmox })
    : new VSphereInfrastructure({ ...VSPHERE_PLACEMENT, ...pool.vsphere });
}

export function localState(stack: TerraformStack): void {
  const id = stack.node.id;
  new LocalBackend(stack, { path: `../${id}/terraform.${id}.tfstate` });
}

export function variable(stack: TerraformStack, name: string, sensitive = false): string {
  return new TerraformVariable(stack, name, { type: 'string', sensitive }).stringValue;
}
