/**
 * An app whose stacks miss the providers their constructs need, run as `cdktf synth`
 * runs an app: `node -r ts-node/register/transpile-only <this file> <outdir>`, the
 * error left uncaught, as a user's main.ts leaves it (test/errors/missing-provider.test.ts).
 */
import { App, TerraformStack } from 'cdktf';
import { NodePool, ProxmoxInfrastructure, TenantControlPlane } from '../../../src';

const app = new App({ outdir: process.argv[2] });
const controlPlanes = new TerraformStack(app, 'control-planes');
const tcp = new TenantControlPlane(controlPlanes, 'tcp-charlie', { name: 'tcp-charlie' });
const nodes = new TerraformStack(app, 'nodes');
for (const name of ['default-pool', 'system-pool']) {
  new NodePool(nodes, name, {
    controlPlane: tcp,
    name,
    infrastructure: new ProxmoxInfrastructure({
      nodes: ['pve-1'],
      templateVmId: 9000,
      snippetsDatastore: 'local',
    }),
  });
}
app.synth();
