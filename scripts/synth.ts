/**
 * `npm run synth`: synthesizes the default example (examples/control-plane) into
 * cdktf.out/, or with `-- --config fleet.yaml` the fleet a YAML file describes, then
 * prints what the app declares, one line per node. Bad input exits with status 1 and
 * the library's messages (file, path and line for fleet files), nothing written.
 */
import { App } from 'cdktf';
import { buildApp } from '../examples/control-plane/main';
import {
  AppValidationError,
  buildFleetFromFile,
  FleetFileError,
  summarizeFleet,
  ValidationError,
} from '../src';

function main(args: string[]): number {
  const at = args.indexOf('--config');
  const file = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && !file) {
    console.error('usage: npm run synth [-- --config <fleet.yaml>]');
    return 2;
  }
  const app = new App();
  try {
    if (file) buildFleetFromFile(app, file);
    else buildApp(app);
    app.synth();
  } catch (error) {
    if (
      error instanceof FleetFileError ||
      error instanceof ValidationError ||
      error instanceof AppValidationError
    ) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  console.log(`Synthesized into ${app.outdir}/stacks:`);
  for (const line of summarizeFleet(app)) console.log(`  ${line}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
