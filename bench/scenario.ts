/**
 * What the benchmark synthesizes: a control-plane stack with N tenant control planes
 * and a node stack with P pools of R nodes per control plane, on Proxmox VE or vSphere.
 * Both the library app and the raw-L1 baseline read their values from here, so they
 * describe the same infrastructure. Pure module: no CDKTF import.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Taint } from '../src/bootstrap/node-bootstrap';
import { TaintEffect } from '../src/kamaji/scheduling';

/** One benchmark size. */
export interface Size {
  readonly controlPlanes: number;
  readonly poolsPerControlPlane: number;
  readonly nodesPerPool: number;
}

/** From one control plane with one pool of 3 nodes up to 100 x 3 x 10 = 3,000 nodes. */
export const SIZES: readonly Size[] = [
  { controlPlanes: 1, poolsPerControlPlane: 1, nodesPerPool: 3 },
  { controlPlanes: 1, poolsPerControlPlane: 3, nodesPerPool: 10 },
  { controlPlanes: 10, poolsPerControlPlane: 3, nodesPerPool: 10 },
  { controlPlanes: 100, poolsPerControlPlane: 3, nodesPerPool: 10 },
];

export function nodeCount(size: Size): number {
  return size.controlPlanes * size.poolsPerControlPlane * size.nodesPerPool;
}

export function sizeLabel(size: Size): string {
  return `${size.controlPlanes}x${size.poolsPerControlPlane}x${size.nodesPerPool}`;
}

export enum Infrastructure {
  PROXMOX = 'proxmox',
  VSPHERE = 'vsphere',
}

export const INFRASTRUCTURES: readonly Infrastructure[] = [
  Infrastructure.PROXMOX,
  Infrastructure.VSPHERE,
];

export const CONTROL_PLANE_STACK = 'control-plane';
export const NODE_STACK = 'nodes';
export const NAMESPACE = 'kamaji-tenant';
export const KUBERNETES_VERSION = 'v1.35.7';

/** `tcp-000`, `tcp-001`, ...: RFC 1035 labels, as Kamaji needs. */
export function controlPlaneName(index: number): string {
  return `tcp-${String(index).padStart(3, '0')}`;
}

export interface StaticRange {
  readonly cidr: string;
  readonly first: string;
  readonly gateway: string;
  readonly dns: string[];
}

/** One pool of every control plane: what the library's NodePool props say. */
export interface PoolSpec {
  readonly name: string;
  readonly labels: { [key: string]: string };
  readonly taints?: Taint[];
  /** Static addresses `first + i` (of control plane 0: see `poolOf`); DHCP when absent. */
  readonly addressing?: StaticRange;
  readonly vsphere: { cpus: number; memoryMiB: number; diskGiB?: number; antiAffinity?: boolean };
  readonly proxmox: {
    cpuCores?: number;
    memoryMiB?: number;
    diskGiB?: number;
    fullClone?: boolean;
  };
}

/** The pools of a control plane, in order; a size with P pools uses the first P. */
export const POOLS: readonly PoolSpec[] = [
  {
    name: 'default-pool',
    labels: { 'node.kubernetes.io/pool': 'default-pool' },
    addressing: {
      cidr: '10.20.0.0/16',
      first: '10.20.0.10',
      gateway: '10.20.0.1',
      dns: ['10.20.0.53'],
    },
    vsphere: { cpus: 4, memoryMiB: 8192, diskGiB: 60, antiAffinity: true },
    proxmox: { cpuCores: 4, memoryMiB: 8192, diskGiB: 40 },
  },
  {
    name: 'system-pool',
    labels: { 'node.kubernetes.io/pool': 'system-pool' },
    taints: [{ key: 'CriticalAddonsOnly', value: 'true', effect: TaintEffect.NO_SCHEDULE }],
    vsphere: { cpus: 2, memoryMiB: 4096 },
    proxmox: { fullClone: false },
  },
  {
    name: 'application-pool',
    labels: { 'node.kubernetes.io/pool': 'application-pool', 'example.com/workload': 'apps' },
    vsphere: { cpus: 8, memoryMiB: 16384, diskGiB: 100 },
    proxmox: { cpuCores: 8, memoryMiB: 16384, diskGiB: 100 },
  },
];

/**
 * A pool of control plane `controlPlane`: its static range, when it has one, moved up
 * by one /24 per control plane (10.20.0.10, 10.20.1.10, ...), as pools of one stack
 * may not share addresses (issue #22 item 4).
 */
export function poolOf(pool: PoolSpec, controlPlane: number): PoolSpec {
  if (!pool.addressing) return pool;
  const octets = pool.addressing.first.split('.');
  octets[2] = String(Number(octets[2]) + controlPlane);
  return { ...pool, addressing: { ...pool.addressing, first: octets.join('.') } };
}

/** The vSphere inventory every pool uses. */
export const VSPHERE_PLACEMENT = {
  datacenter: 'dc-1',
  computeCluster: 'cluster-1',
  datastore: 'vsan-datastore',
  networks: ['tenant-nodes'],
  template: 'templates/ubuntu-24.04-cloudinit',
  folder: 'kamaji',
  folderPerTenant: true,
};

/** The Proxmox VE cluster every pool uses. */
export const PROXMOX_PLACEMENT = {
  nodes: ['pve-1', 'pve-2', 'pve-3'],
  templateVmId: 9000,
  snippetsDatastore: 'local',
  diskDatastore: 'local-lvm',
  networkDevices: [{ bridge: 'vmbr0', vlanId: 20 }],
};

/** An SSH key for every node, as most teams give one. */
export const SSH_AUTHORIZED_KEYS = [
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchmarkKeyForSizeOnlyNotForLogin0000000 ops@example.com',
];

/**
 * Apply-time values as a real tenant has them, to size the user-data a node receives:
 * a LoadBalancer address, a bootstrap token, and a CA certificate of a 4096-bit RSA key
 * (Kamaji's are smaller). The certificate is a real one, made once for the benchmark
 * (`openssl req -x509 -newkey rsa:4096 -subj /CN=kubernetes -days 36500`, key thrown
 * away): the library refuses a CA it cannot parse, and library and raw runs, in
 * separate processes, must render the same bytes.
 */
export const APPLY_TIME_VALUES = {
  endpoint: '203.0.113.10:6443',
  token: 'abcdef.0123456789abcdef',
  caCertificate: fs.readFileSync(path.join(__dirname, 'tenant-ca.pem'), 'utf8'),
};
