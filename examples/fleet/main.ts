/**
 * The Kamaji layout from a fleet file (fleet.yaml beside this file) instead of
 * TypeScript: three control planes in kamaji-tenant, tcp-charlie with default-pool,
 * system-pool and application-pool on Proxmox VE. buildFleetFromFile() checks the file
 * against its JSON Schema and builds the stack control-planes and one stack per control
 * plane with pools (nodes-tcp-charlie).
 *
 * Credentials come from the environment, never from the file: PROXMOX_VE_ENDPOINT,
 * PROXMOX_VE_API_TOKEN, PROXMOX_VE_SSH_USERNAME with an ssh-agent, and
 * TF_VAR_management_kubeconfig.
 */
import * as path from 'path';
import { App } from 'cdktf';
import { buildFleetFromFile } from '../../src';

export function buildApp(app: App): App {
  // Relative to the working directory, so error messages name the file as a user would.
  buildFleetFromFile(app, path.relative(process.cwd(), path.join(__dirname, 'fleet.yaml')));
  return app;
}

if (require.main === module) {
  buildApp(new App()).synth();
}
