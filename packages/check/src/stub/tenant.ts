/**
 * The tenant cluster's nodes as the offline harness pretends them: which are
 * registered and Ready. Two readers share it through files in one folder: the stub
 * kubernetes provider's `kubernetes_nodes` data source (in this process) and a stub
 * `kubectl` that the harness puts first on terraform's PATH, for scripts that
 * local-exec runs on the runner (join health). By default every node asked about has
 * joined and is Ready; tests declare the ones that have not. The stub kubectl plays the
 * management cluster too: it serves each `<tcp>-admin-kubeconfig` Secret's `admin.conf`,
 * as the stub provider does, to scripts that read it there when they run.
 */
import * as fs from 'fs';
import * as path from 'path';

/** A node's state: `Ready`, registered but `NotReady`, or `absent` (never registered). */
export type StubNodeState = 'Ready' | 'NotReady' | 'absent';

/** The environment variable that tells the stub kubectl where the tenant's files are. */
export const STUB_TENANT_ENV = 'KAMAJI_STUB_TENANT';

export class StubTenant {
  /** Folder holding `kubectl`, to put first on PATH. */
  public readonly binDir: string;
  private readonly statesFile: string;
  private readonly seenFile: string;
  private readonly adminConfFile: string;
  /** Every kubectl invocation, one JSON line each: argv, the kubeconfig's content and mode. */
  public readonly callsFile: string;

  constructor(public readonly dir: string) {
    this.binDir = path.join(dir, 'bin');
    this.statesFile = path.join(dir, 'nodes.json');
    this.seenFile = path.join(dir, 'seen');
    this.callsFile = path.join(dir, 'kubectl-calls.log');
    this.adminConfFile = path.join(dir, 'admin.conf');
    fs.mkdirSync(this.binDir, { recursive: true });
    fs.writeFileSync(path.join(this.binDir, 'kubectl'), stubKubectl(), { mode: 0o755 });
    this.reset();
  }

  /**
   * What the management cluster's `<tcp>-admin-kubeconfig` Secrets hold as `admin.conf`;
   * `__TENANT__` in it stands for the control plane's name.
   */
  public serveAdminConf(template: string): void {
    fs.writeFileSync(this.adminConfFile, template, { mode: 0o600 });
  }

  /** Declares nodes' states; others stay as they were (by default: Ready once asked about). */
  public setNodes(states: Record<string, StubNodeState>): void {
    fs.writeFileSync(this.statesFile, JSON.stringify({ ...this.states(), ...states }));
  }

  /** Forgets declared and seen nodes. */
  public reset(): void {
    fs.writeFileSync(this.statesFile, '{}');
    fs.writeFileSync(this.seenFile, '');
    fs.writeFileSync(this.callsFile, '');
  }

  /** The kubectl invocations so far. */
  public calls(): Array<{ argv: string[]; kubeconfig: string | null; mode: string | null }> {
    return fs
      .readFileSync(this.callsFile, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line));
  }

  /** Registered nodes (declared, or seen by kubectl and not declared absent), by name. */
  public registered(): Array<{ name: string; ready: boolean }> {
    const states = this.states();
    const seen = fs.readFileSync(this.seenFile, 'utf8').split('\n');
    const names = [...new Set([...Object.keys(states), ...seen])].filter((n) => n !== '');
    return names
      .map((name) => ({ name, state: states[name] ?? 'Ready' }))
      .filter(({ state }) => state !== 'absent')
      .map(({ name, state }) => ({ name, ready: state === 'Ready' }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  private states(): Record<string, StubNodeState> {
    return JSON.parse(fs.readFileSync(this.statesFile, 'utf8'));
  }
}

/**
 * A kubectl that answers `get node <name> -o jsonpath=...Ready...` from the tenant's
 * files, as the real one prints it ("True", "False", or NotFound on stderr), `get secret
 * <tcp>-admin-kubeconfig` with the served admin.conf (base64, as jsonpath prints it),
 * and `config view` with the kubeconfig's server or CA data; it refuses to run without a readable
 * kubeconfig (`--kubeconfig`, else the first file of `KUBECONFIG`). Node, since the
 * harness runs on it already.
 */
function stubKubectl(): string {
  return `#!/usr/bin/env node
'use strict';
const fs = require('fs');
const path = require('path');
const dir = process.env.${STUB_TENANT_ENV};
const argv = process.argv.slice(2);
const option = (name) => {
  const at = argv.indexOf(name);
  if (at >= 0) return argv[at + 1];
  const joined = argv.find((a) => a.startsWith(name + '='));
  return joined ? joined.slice(name.length + 1) : undefined;
};
const kubeconfigPath =
  option('--kubeconfig') ??
  (process.env.KUBECONFIG || '').split(':').find((p) => p !== '' && fs.existsSync(p));
let kubeconfig = null;
let mode = null;
try {
  kubeconfig = fs.readFileSync(kubeconfigPath, 'utf8');
  mode = (fs.statSync(kubeconfigPath).mode & 0o777).toString(8);
} catch (e) {
  kubeconfig = null;
}
if (!dir) { process.stderr.write('stub kubectl: ${STUB_TENANT_ENV} is not set\\n'); process.exit(1); }
fs.appendFileSync(path.join(dir, 'kubectl-calls.log'), JSON.stringify({ argv, kubeconfig, mode }) + '\\n');
if (kubeconfig === null || !/clusters:/.test(kubeconfig)) {
  process.stderr.write('error: stub kubectl: no readable kubeconfig given with --kubeconfig\\n');
  process.exit(1);
}
if (argv[0] === 'config' && argv[1] === 'view') {
  const value = /certificate-authority-data/.test(argv.join(' '))
    ? /[\\s{]certificate-authority-data:\\s*"?([^"\\s,}]+)/.exec(kubeconfig)
    : /[\\s{]server:\\s*"?([^"\\s,}]+)/.exec(kubeconfig);
  process.stdout.write(value ? value[1] : '');
  process.exit(0);
}
const words = argv.filter((a, i) => !a.startsWith('-') && !(i > 0 && ['--kubeconfig', '-o', '--request-timeout'].includes(argv[i - 1])));
const tenantOfSecret = words[0] === 'get' && words[1] === 'secret' && /^(.+)-admin-kubeconfig$/.exec(words[2] || '');
if (tenantOfSecret) {
  const template = fs.existsSync(path.join(dir, 'admin.conf')) ? fs.readFileSync(path.join(dir, 'admin.conf'), 'utf8') : '';
  if (template === '') {
    process.stderr.write('Error from server (NotFound): secrets "' + words[2] + '" not found\\n');
    process.exit(1);
  }
  process.stdout.write(Buffer.from(template.split('__TENANT__').join(tenantOfSecret[1])).toString('base64'));
  process.exit(0);
}
if (words[0] !== 'get' || words[1] !== 'node' || !words[2]) {
  process.stderr.write('stub kubectl: only "get node <name>" is emulated\\n');
  process.exit(1);
}
const name = words[2];
const states = JSON.parse(fs.readFileSync(path.join(dir, 'nodes.json'), 'utf8'));
const state = states[name] || 'Ready';
if (state === 'absent') {
  process.stderr.write('Error from server (NotFound): nodes "' + name + '" not found\\n');
  process.exit(1);
}
fs.appendFileSync(path.join(dir, 'seen'), name + '\\n');
process.stdout.write(state === 'Ready' ? 'True' : 'False');
`;
}
