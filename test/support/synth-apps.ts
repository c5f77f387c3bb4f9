/**
 * Synthesizes every example and the benchmark's app on each infrastructure into
 * `<outdir>/<app>/`, for the determinism test. Also a script, so that a copy of the
 * repository at another path can run it:
 * `node -r ts-node/register/transpile-only test/support/synth-apps.ts <outdir>`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { buildLibraryApp } from '../../bench/library-app';
import { INFRASTRUCTURES, Size } from '../../bench/scenario';
import { synthExamples } from './synth-examples';

/** Small enough to synthesize in a second, big enough for shared tokens, folders and lookups. */
export const DETERMINISM_SIZE: Size = {
  controlPlanes: 2,
  poolsPerControlPlane: 3,
  nodesPerPool: 2,
};

export function synthApps(outdir: string): void {
  const appIn = (name: string) => {
    fs.mkdirSync(path.join(outdir, name), { recursive: true });
    return new App({ outdir: path.join(outdir, name) });
  };
  synthExamples(outdir);
  for (const infrastructure of INFRASTRUCTURES) {
    buildLibraryApp(appIn(`bench-${infrastructure}`), infrastructure, DETERMINISM_SIZE).synth();
  }
}

if (require.main === module) {
  synthApps(path.resolve(process.argv[2]));
}
