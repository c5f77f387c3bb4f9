/**
 * `npm run synth`: synthesizes the default example (examples/control-plane) into
 * cdktf.out/, then prints what the app declares, one line per node.
 */
import { App } from 'cdktf';
import { buildApp } from '../examples/control-plane/main';
import { summarizeFleet } from '../src';

const app = buildApp(new App());
app.synth();
console.log(`Synthesized into ${app.outdir}/stacks:`);
for (const line of summarizeFleet(app)) console.log(`  ${line}`);
