/**
 * One measurement, in a process of its own so that its peak RSS is its own: builds
 * and synthesizes one app (library or raw-L1 baseline), or re-serializes a finished
 * document (the floor), and prints one JSON line with what it measured.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { NodeBootstrapConfig } from '../src/bootstrap/node-bootstrap';
import { Analysis, Job, Sample, Variant } from './measurement';
import {
  APPLY_TIME_VALUES,
  controlPlaneName,
  KUBERNETES_VERSION,
  NODE_STACK,
  POOLS,
  Size,
  SSH_AUTHORIZED_KEYS,
} from './scenario';

async function main(): Promise<void> {
  const job: Job = JSON.parse(process.argv[2]);
  const sample = job.variant === Variant.FLOOR ? await floor(job) : await synthesize(job);
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

async function synthesize(job: Job): Promise<Sample> {
  const { App } = await import('cdktf');
  const build =
    job.variant === Variant.LIBRARY
      ? (await import('./library-app')).buildLibraryApp
      : (await import('./raw-app')).buildRawApp;
  const loaded = performance.now();

  const app = new App({ outdir: job.outdir });
  build(app, job.infrastructure, job.size);
  const built = performance.now();
  app.synth();
  const synthesized = performance.now();
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;

  return {
    loadMs: loaded,
    buildMs: built - loaded,
    synthMs: synthesized - built,
    peakRssBytes,
    outputBytes: sizeOf(job.outdir),
    analysis: job.analyze ? await analyze(job) : undefined,
  };
}

/** The floor: the finished documents, only serialized and written. */
async function floor(job: Job): Promise<Sample> {
  const stacks = fs.readdirSync(path.join(job.input!, 'stacks'));
  const documents = stacks.map((stack) =>
    JSON.parse(fs.readFileSync(path.join(job.input!, 'stacks', stack, 'cdk.tf.json'), 'utf8')),
  );
  const loaded = performance.now();
  stacks.forEach((stack, i) => {
    fs.mkdirSync(path.join(job.outdir, 'stacks', stack), { recursive: true });
    const text = JSON.stringify(documents[i], null, 2);
    fs.writeFileSync(path.join(job.outdir, 'stacks', stack, 'cdk.tf.json'), text);
  });
  const written = performance.now();
  return {
    loadMs: loaded,
    buildMs: 0,
    synthMs: written - loaded,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    outputBytes: sizeOf(job.outdir),
  };
}

/** The parts of a synthesized stack the analysis reads. */
interface StackJson {
  data?: Record<string, Record<string, unknown>>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
}

async function analyze(job: Job): Promise<Analysis> {
  const text = fs.readFileSync(path.join(job.outdir, 'stacks', NODE_STACK, 'cdk.tf.json'), 'utf8');
  const json: StackJson = JSON.parse(text);
  let lookups = 0;
  let otherDataSources = 0;
  for (const [type, byName] of Object.entries(json.data ?? {})) {
    const count = Object.keys(byName).length;
    if (type === 'terraform_remote_state') otherDataSources += count;
    else lookups += count;
  }
  const resources = Object.values(json.resource ?? {}).reduce(
    (n, byName) => n + Object.keys(byName).length,
    0,
  );
  const expressions = [
    ...Object.values(json.resource?.proxmox_virtual_environment_file ?? {}).map(
      (file) => (file.source_raw as { data: string }).data,
    ),
    ...Object.values(json.resource?.vsphere_virtual_machine ?? {}).map(
      (vm) => (vm.extra_config as Record<string, string>)['guestinfo.userdata'],
    ),
  ];
  return {
    resources,
    lookups,
    otherDataSources,
    maxUserDataExpressionBytes: Math.max(...expressions.map((e) => Buffer.byteLength(e))),
    maxUserDataBytes: job.variant === Variant.LIBRARY ? await maxUserData(job.size) : undefined,
  };
}

/**
 * The cloud-config each node of the app receives, rendered by the library's public
 * `renderUserData` from the same configuration its pool hands the renderer, with
 * apply-time values of real size in place of the Terraform references.
 */
async function maxUserData(size: Size): Promise<number> {
  const { renderUserData } = await import('../src/bootstrap/user-data');
  let max = 0;
  for (let c = 0; c < size.controlPlanes; c++) {
    for (const pool of POOLS.slice(0, size.poolsPerControlPlane)) {
      for (let i = 0; i < size.nodesPerPool; i++) {
        const config: NodeBootstrapConfig = {
          sshAuthorizedKeys: SSH_AUTHORIZED_KEYS,
          nodeName: `${controlPlaneName(c)}-${pool.name}-node-${String(i).padStart(2, '0')}`,
          kubernetesVersion: KUBERNETES_VERSION,
          ...APPLY_TIME_VALUES,
          labels: pool.labels,
          taints: pool.taints,
        };
        max = Math.max(max, Buffer.byteLength(renderUserData(config)));
      }
    }
  }
  return max;
}

function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? sizeOf(full) : fs.statSync(full).size;
  }
  return total;
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
