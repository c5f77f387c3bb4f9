import { App } from 'cdktf';
import { buildApp as bringYourOwn } from '../../examples/bring-your-own/main';
import { buildApp as cloudDirector } from '../../examples/cloud-director/main';
import { buildApp as controlPlane } from '../../examples/control-plane/main';
import { buildApp as existingControlPlane } from '../../examples/existing-control-plane/main';
import { buildApp as fleet } from '../../examples/fleet/main';
import { buildApp as maas } from '../../examples/maas/main';
import { buildApp as multiInfrastructure } from '../../examples/multi-infrastructure/main';
import { buildApp as proxmox } from '../../examples/proxmox/main';
import { buildApp as vsphere } from '../../examples/vsphere/main';

/** Every example: name, its app builder, and the stacks it synthesizes. */
export const EXAMPLES: Array<[string, (app: App) => App, string[]]> = [
  ['control-plane', controlPlane, ['control-plane']],
  ['bring-your-own', bringYourOwn, ['control-plane', 'nodes']],
  ['vsphere', vsphere, ['control-plane', 'nodes']],
  ['proxmox', proxmox, ['control-plane', 'nodes']],
  ['maas', maas, ['control-plane', 'nodes']],
  ['cloud-director', cloudDirector, ['control-plane', 'nodes']],
  ['existing-control-plane', existingControlPlane, ['nodes']],
  ['multi-infrastructure', multiInfrastructure, ['control-plane', 'nodes']],
  ['fleet', fleet, ['control-planes', 'nodes-tcp-charlie']],
];
