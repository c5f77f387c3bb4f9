/**
 * `cloud-init devel net-convert`: cloud-init's own conversion of a network config into
 * what a renderer writes (netplan YAML, ENI interfaces, systemd-networkd units), the
 * same code cloud-init runs at boot. Tests skip with a reason when cloud-init is missing.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';

export type Renderer = 'netplan' | 'eni' | 'networkd';
export const RENDERERS: Renderer[] = ['netplan', 'eni', 'networkd'];

export interface NetConvertResult {
  readonly ok: boolean;
  /** cloud-init's messages (stdout and stderr). */
  readonly log: string;
  /** Each file written, by its path under the output root, without comment lines. */
  readonly files: Record<string, string>;
}

/**
 * Converts a network config v2 document (as cloud-init reads it from guestinfo
 * metadata) for a renderer on Debian. `macs` are the guest's NICs (`-m name,mac`).
 */
export function netConvert(
  config: unknown,
  renderer: Renderer,
  macs: Record<string, string> = {},
): NetConvertResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-net-'));
  try {
    const input = path.join(dir, 'network-config.yaml');
    fs.writeFileSync(input, stringify(config));
    const out = path.join(dir, 'out');
    const args = ['devel', 'net-convert', '-p', input, '-k', 'yaml', '-d', out, '-D', 'debian'];
    for (const [name, mac] of Object.entries(macs)) args.push('-m', `${name},${mac}`);
    args.push('-O', renderer);
    const result = spawnSync('cloud-init', args, { encoding: 'utf8' });
    const files: Record<string, string> = {};
    const walk = (folder: string) => {
      if (!fs.existsSync(folder)) return;
      for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) walk(full);
        else
          files[path.relative(out, full)] = fs
            .readFileSync(full, 'utf8')
            .split('\n')
            .filter((line) => !line.startsWith('#'))
            .join('\n');
      }
    };
    walk(out);
    return { ok: result.status === 0, log: `${result.stdout}${result.stderr}`, files };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
