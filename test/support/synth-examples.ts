/**
 * Synthesizes every example into `<outdir>/<example>/`. The CDK Terrain build rewrites this
 * file with the examples (scripts/build-cdktn.ts), so the same code synthesizes them with
 * cdktn: `node -r ts-node/register/transpile-only packages/cdktn-kamaji/build/test/support/synth-examples.ts <outdir>`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { EXAMPLES } from './examples';

export function synthExamples(outdir: string): void {
  for (const [name, build] of EXAMPLES) {
    fs.mkdirSync(path.join(outdir, name), { recursive: true });
    build(new App({ outdir: path.join(outdir, name) })).synth();
  }
}

if (require.main === module) {
  synthExamples(path.resolve(process.argv[2]));
}
