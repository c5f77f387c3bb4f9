/**
 * A throw-away machine for running rendered user-data (design D8, STYLE 11): a temp
 * directory is the root of a bubblewrap sandbox, the host's /usr is mounted read-only
 * (cloud-init's Python module, bash, coreutils, openssl), there is no network, and the
 * tools the join calls that would touch a real machine or the network are stubs from
 * ./stubs that record their argv. cloud-init's own write_files module writes the files
 * (cloud-init-run.py), then runcmd runs, as root in the sandbox.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hasTool } from '../../support/tools';

const HERE = __dirname;
const STUBS = path.join(HERE, 'stubs');
/** Tools the machine has before the join: stand-ins for systemd, curl and waits. */
const SYSTEM_STUBS = ['curl', 'systemctl', 'sleep'];
/** What yaki installs, or a pre-baked image carries. */
const COMPONENTS = ['kubelet', 'kubectl', 'containerd', 'runc'];
const CNI_PLUGINS = ['bandwidth', 'bridge', 'host-local', 'loopback', 'portmap'];
const PYTHON = '/usr/bin/python3';

/** Why the sandbox cannot run here, or undefined when it can. */
export function sandboxUnavailable(): string | undefined {
  if (!hasTool('bwrap'))
    return '`bwrap` is not installed (apt-get install bubblewrap; .ci/run does)';
  const probe = spawnSync(PYTHON, ['-c', 'import cloudinit.config.cc_write_files'], {
    stdio: 'ignore',
  });
  if (probe.status !== 0) {
    return "cloud-init's Python module is not installed (apt-get install cloud-init; .ci/run does)";
  }
  if (!hasTool('openssl')) return '`openssl` is not installed';
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-probe-'));
  try {
    const bwrap = spawnSync('bwrap', [...baseMounts(root), 'true'], { encoding: 'utf8' });
    if (bwrap.status !== 0) return `bwrap cannot create a sandbox here: ${bwrap.stderr.trim()}`;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  return undefined;
}

export interface SandboxOptions {
  /** The script `curl` serves as yaki. @default the yaki stub */
  readonly yaki?: string;
  /** The image carries kubeadm, kubelet, containerd, runc and the CNI plugins. @default false */
  readonly preBaked?: boolean;
}

export interface RunResult {
  readonly status: number | null;
  readonly output: string;
}

export class NodeSandbox {
  private readonly base: string;
  private readonly root: string;
  private readonly usrLocal: string;

  constructor(userData: string, options: SandboxOptions = {}) {
    this.base = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-node-'));
    this.root = path.join(this.base, 'root');
    this.usrLocal = path.join(this.base, 'usr-local');
    for (const dir of ['etc', 'root', 'run', 'var/log', 'var/lib/cloud', 'opt/stubs/state']) {
      fs.mkdirSync(path.join(this.root, dir), { recursive: true });
    }
    for (const dir of ['bin', 'sbin', 'lib']) {
      fs.mkdirSync(path.join(this.usrLocal, dir), { recursive: true });
    }
    fs.writeFileSync(path.join(this.root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
    fs.writeFileSync(path.join(this.root, 'etc/group'), 'root:x:0:\n');
    fs.writeFileSync(path.join(this.root, 'etc/fstab'), '');
    fs.writeFileSync(path.join(this.root, 'var/lib/cloud/user-data'), userData);

    const stubs = path.join(this.root, 'opt/stubs');
    this.install(path.join(STUBS, 'lib.sh'), path.join(stubs, 'lib.sh'));
    for (const stub of SYSTEM_STUBS)
      this.install(path.join(STUBS, stub), path.join(stubs, 'bin', stub));
    for (const stub of ['component', 'kubeadm']) {
      this.install(path.join(STUBS, stub), path.join(stubs, 'libexec', stub));
    }
    this.install(options.yaki ?? path.join(STUBS, 'yaki'), path.join(stubs, 'yaki'));
    fs.mkdirSync(path.join(stubs, 'faults'), { recursive: true });
    if (options.preBaked) {
      this.install(path.join(STUBS, 'kubeadm'), path.join(stubs, 'bin', 'kubeadm'));
      for (const c of COMPONENTS)
        this.install(path.join(STUBS, 'component'), path.join(stubs, 'bin', c));
      for (const p of CNI_PLUGINS) {
        this.install(path.join(STUBS, 'component'), path.join(this.root, 'opt/cni/bin', p));
      }
    }
    fs.copyFileSync(
      path.join(HERE, 'cloud-init-run.py'),
      path.join(this.root, 'var/lib/cloud/cloud-init-run.py'),
    );
  }

  /** First boot: write_files, users, deferred write_files, runcmd. */
  public boot(): RunResult {
    return this.run(PYTHON, '/var/lib/cloud/cloud-init-run.py', '/var/lib/cloud/user-data');
  }

  /** An operator running the join script again. */
  public rerun(): RunResult {
    return this.run(
      PYTHON,
      '/var/lib/cloud/cloud-init-run.py',
      '/var/lib/cloud/user-data',
      '--runcmd-only',
    );
  }

  /** Runs a command as root in the sandbox. */
  public run(...argv: string[]): RunResult {
    const result = spawnSync('bwrap', [...this.mounts(), ...argv], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  /** Makes a stub fail: `download-<component>`, `kubeadm-join`, `<unit>-inactive`, `curl`. */
  public setFault(name: string, on = true): void {
    const flag = this.hostPath(`/opt/stubs/faults/${name}`);
    if (on) fs.writeFileSync(flag, '');
    else fs.rmSync(flag, { force: true });
  }

  /** The stubs' calls so far, one line each: argv shell-quoted. */
  public calls(): string[] {
    const log = this.hostPath('/opt/stubs/state/calls');
    return fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
  }

  /** The environment the last yaki run saw (the variables it reads). */
  public yakiEnvironment(): Record<string, string> {
    const text = this.read('/opt/stubs/state/yaki.env') ?? '';
    return Object.fromEntries(
      text
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
  }

  /** A file's text, or undefined when it does not exist. */
  public read(sandboxPath: string): string | undefined {
    const file = this.hostPath(sandboxPath);
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  }

  public exists(sandboxPath: string): boolean {
    return fs.existsSync(this.hostPath(sandboxPath));
  }

  /** Octal permission bits, e.g. "600". */
  public mode(sandboxPath: string): string {
    return (fs.statSync(this.hostPath(sandboxPath)).mode & 0o777).toString(8);
  }

  /** Every file's text under the sandbox's root (for secret scans), by sandbox path. */
  public allFiles(): Array<[string, string]> {
    const found: Array<[string, string]> = [];
    const walk = (hostDir: string, sandboxDir: string) => {
      for (const entry of fs.readdirSync(hostDir, { withFileTypes: true })) {
        const host = path.join(hostDir, entry.name);
        const inside = path.posix.join(sandboxDir, entry.name);
        if (entry.isDirectory()) walk(host, inside);
        else if (entry.isFile()) found.push([inside, fs.readFileSync(host, 'utf8')]);
      }
    };
    walk(this.root, '/');
    walk(this.usrLocal, '/usr/local');
    return found;
  }

  public dispose(): void {
    fs.rmSync(this.base, { recursive: true, force: true });
  }

  private hostPath(sandboxPath: string): string {
    if (sandboxPath === '/usr/local' || sandboxPath.startsWith('/usr/local/')) {
      return path.join(this.usrLocal, sandboxPath.slice('/usr/local'.length));
    }
    return path.join(this.root, sandboxPath);
  }

  private install(from: string, to: string): void {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
    fs.chmodSync(to, 0o755);
  }

  private mounts(): string[] {
    return [...baseMounts(this.root), '--bind', this.usrLocal, '/usr/local', '--chdir', '/'];
  }
}

/** The sandbox around `root`: host /usr read-only, no network, root inside. */
function baseMounts(root: string): string[] {
  // Root in the sandbox, with only the file capabilities cloud-init needs (chown), not
  // those that reach the host's kernel (swap, modules, sysctls) should a script call a
  // real tool instead of a stub.
  const capabilities = ['--cap-drop', 'ALL'].concat(
    ...['CAP_CHOWN', 'CAP_FOWNER', 'CAP_DAC_OVERRIDE'].map((cap) => ['--cap-add', cap]),
  );
  const asRoot =
    process.getuid?.() === 0
      ? capabilities
      : ['--unshare-user', '--uid', '0', '--gid', '0', ...capabilities];
  const optional = ['/etc/alternatives', '/etc/ssl'].flatMap((dir) => ['--ro-bind-try', dir, dir]);
  return [
    '--die-with-parent',
    '--unshare-pid',
    '--unshare-net',
    '--unshare-ipc',
    '--unshare-uts',
    ...asRoot,
    '--bind',
    root,
    '/',
    '--ro-bind',
    '/usr',
    '/usr',
    ...['/bin', '/sbin', '/lib', '/lib64'].flatMap((dir) => topLevel(root, dir)),
    ...optional,
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--tmpfs',
    '/tmp',
    '--clearenv',
    '--setenv',
    'PATH',
    '/opt/stubs/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    '--setenv',
    'HOME',
    '/root',
    '--setenv',
    'LANG',
    'C.UTF-8',
  ];
}

/**
 * /bin and friends as the host has them: merged-usr symlinks (made in the root on the
 * first run, where they stay), or directories.
 */
function topLevel(root: string, dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  if (fs.lstatSync(dir).isSymbolicLink()) {
    const made = fs.lstatSync(path.join(root, dir), { throwIfNoEntry: false });
    return made ? [] : ['--symlink', fs.readlinkSync(dir), dir];
  }
  return ['--ro-bind', dir, dir];
}
