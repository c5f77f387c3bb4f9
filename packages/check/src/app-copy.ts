/**
 * The check's copy of a synthesized app, made safe to hand to Terraform. The app's
 * output folder is written by code the check must not trust (a pull request's), so:
 * - nothing in the copy leads out of it: symlinks and other special files are refused;
 * - no provisioner runs: every `provisioner` block of the JSON configuration is left
 *   out (listed as not exercised), and a stack whose HCL files or modules hold one, or
 *   lead out of the copy, or download a module, is not checked.
 * A provisioner cannot be told apart as the library's own: the JSON that would carry any
 * mark of it is the app's to write. So the library's drains and join health checks are
 * left out as well; they are rehearsed by the repository's own tests, not by the check.
 */
import * as fs from 'fs';
import * as path from 'path';
import { hostFileReadsInHcl, hostFileReadsInJson } from './file-reads';

/** A provisioner left out of the copy, e.g. `terraform_data.x: local-exec`. */
export interface LeftOutProvisioner {
  /** The file, relative to the copy. */
  readonly file: string;
  readonly resource: string;
  readonly type: string;
}

/**
 * Copies `source` into `target` (which must not exist), leaving out what `skip` names;
 * throws on a symlink or special file, naming it.
 */
export function copyWithoutLinks(
  source: string,
  target: string,
  skip: (name: string) => boolean,
): void {
  const visit = (from: string, to: string) => {
    const stat = fs.lstatSync(from);
    if (stat.isSymbolicLink()) {
      throw new Error(
        `${from} is a symbolic link (to ${fs.readlinkSync(from)}): the check copies no ` +
          'link, as one could lead its writes out of its temporary copy; write the file itself',
      );
    }
    if (stat.isDirectory()) {
      fs.mkdirSync(to, { mode: 0o700 });
      for (const name of fs.readdirSync(from).sort()) {
        if (!skip(name)) visit(path.join(from, name), path.join(to, name));
      }
    } else if (stat.isFile()) {
      fs.copyFileSync(from, to, fs.constants.COPYFILE_EXCL);
    } else {
      throw new Error(`${from} is neither a file nor a folder: the check copies neither`);
    }
  };
  visit(source, target);
}

/**
 * Leaves every provisioner out of the Terraform JSON files (`*.tf.json`) under `root`,
 * rewriting each file as JSON.parse reads it (so that no duplicate key Terraform would
 * read survives); returns what it left out.
 */
export function leaveOutProvisioners(root: string): LeftOutProvisioner[] {
  const leftOut: LeftOutProvisioner[] = [];
  for (const file of filesUnder(root).filter((f) => f.endsWith('.tf.json'))) {
    const full = path.join(root, file);
    let json: any;
    try {
      json = JSON.parse(fs.readFileSync(full, 'utf8'));
    } catch (error) {
      throw new Error(
        `${file}: not JSON, so the check cannot read it: ${(error as Error).message}`,
      );
    }
    for (const { resource, type } of stripProvisioners(json)) {
      leftOut.push({ file, resource, type });
    }
    fs.writeFileSync(full, `${JSON.stringify(json, null, 2)}\n`);
  }
  return leftOut;
}

/** Deletes the provisioners of a Terraform JSON document in place; returns them. */
export function stripProvisioners(json: any): Array<{ resource: string; type: string }> {
  const removed: Array<{ resource: string; type: string }> = [];
  // Terraform JSON allows a block to be an object or an array of objects, at every level.
  const each = (value: any): any[] => (Array.isArray(value) ? value : [value]);
  for (const resources of each(json?.resource ?? [])) {
    for (const [type, instances] of Object.entries<any>(resources ?? {})) {
      for (const named of each(instances)) {
        for (const [name, blocks] of Object.entries<any>(named ?? {})) {
          for (const block of each(blocks)) {
            if (block && typeof block === 'object' && 'provisioner' in block) {
              for (const provisioners of each(block.provisioner)) {
                for (const kind of Object.keys(provisioners ?? {})) {
                  removed.push({ resource: `${type}.${name}`, type: kind });
                }
              }
              delete block.provisioner;
            }
          }
        }
      }
    }
  }
  return removed;
}

/**
 * Why a stack cannot be checked safely from its files: HCL provisioners (only JSON ones
 * can be left out), module sources that lead out of `root` or that `terraform init`
 * would download, file functions that may read the host (file-reads.ts). Follows the
 * local modules from the stack's folder; `root` is the copy. `override` is what the check
 * writes over the stack's cdk.tf.json: the arguments it replaces are never evaluated.
 */
export function unsafeStackFiles(root: string, stackDir: string, override: any = {}): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const queue = [stackDir];
  while (queue.length > 0) {
    const dir = queue.shift()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    for (const name of fs.readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      const shown = path.relative(root, file);
      if (!fs.statSync(file).isFile()) continue;
      // The stack's cdk.tf.json is read by stackCoverage, whose backend and remote state
      // reads the check replaces; in any other file they would reach the network.
      const analysed = dir === stackDir && name === 'cdk.tf.json';
      let sources: Array<{ module: string; source: string }> = [];
      // OpenTofu (`--terraform tofu`) reads these as well, and prefers them to .tf files.
      if (name.endsWith('.tofu') || name.endsWith('.tofu.json')) {
        problems.push(
          `${shown}: an OpenTofu file, which the check does not search for provisioners and file functions`,
        );
      } else if (name.endsWith('.tf.json')) {
        const json = JSON.parse(fs.readFileSync(file, 'utf8'));
        sources = jsonModuleSources(json);
        problems.push(
          ...hostFileReadsInJson(
            analysed ? withoutReplaced(json, override) : json,
            stackDir,
            shown,
          ),
        );
        if (!analysed && reachesState(json)) {
          problems.push(`${shown}: a backend or terraform_remote_state outside cdk.tf.json`);
        }
      } else if (name.endsWith('.tf')) {
        const text = withoutComments(fs.readFileSync(file, 'utf8'));
        if (/\bprovisioner\b/.test(text)) {
          problems.push(`${shown}: a provisioner in HCL, which the check cannot leave out`);
        }
        // Block syntax only: "cloud-init" in a string is no cloud block.
        if (/\bbackend\s+"|\bcloud\s*\{|\bterraform_remote_state\b/.test(text)) {
          problems.push(`${shown}: a backend or terraform_remote_state outside cdk.tf.json`);
        }
        sources = hclModuleSources(text);
        problems.push(...hostFileReadsInHcl(text, shown));
      }
      for (const { module, source } of sources) {
        if (!/^\.\.?\//.test(source)) {
          // The stack's own remote modules are reported by stackCoverage.
          if (!analysed) {
            problems.push(
              `${shown}: module.${module} (${source}): terraform init would download it`,
            );
          }
          continue;
        }
        const target = path.resolve(dir, source);
        const relative = path.relative(root, target);
        if (relative.startsWith('..') || path.isAbsolute(relative)) {
          problems.push(
            `${shown}: module.${module} (${source}) is outside the app's output folder`,
          );
        } else if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
          queue.push(target);
        }
      }
    }
  }
  return problems;
}

/**
 * The stack's JSON without the arguments the check's override replaces (Terraform merges
 * an override argument by argument): the ledger's read of its own state counts with
 * file() of a path the override replaces by the check's own state file.
 */
function withoutReplaced(json: any, override: any): any {
  const copy = structuredClone(json);
  const each = (value: any): any[] => (Array.isArray(value) ? value : [value]);
  const replaced = override?.data?.terraform_remote_state ?? {};
  for (const reads of each(copy?.data ?? [])) {
    for (const named of each(reads?.terraform_remote_state ?? [])) {
      for (const [name, blocks] of Object.entries<any>(named ?? {})) {
        for (const block of each(blocks)) {
          for (const argument of Object.keys(replaced[name] ?? {})) delete block?.[argument];
        }
      }
    }
  }
  return copy;
}

/** Whether a Terraform JSON document sets a backend or reads a remote state. */
function reachesState(json: any): boolean {
  const each = (value: any): any[] => (Array.isArray(value) ? value : [value]);
  return (
    each(json?.terraform ?? []).some((t) => t?.backend !== undefined || t?.cloud !== undefined) ||
    each(json?.data ?? []).some((d) => d?.terraform_remote_state !== undefined)
  );
}

function jsonModuleSources(json: any): Array<{ module: string; source: string }> {
  const each = (value: any): any[] => (Array.isArray(value) ? value : [value]);
  return each(json?.module ?? []).flatMap((modules) =>
    Object.entries<any>(modules ?? {}).flatMap(([module, calls]) =>
      each(calls).map((call) => ({ module, source: String(call?.source ?? '') })),
    ),
  );
}

/** HCL without its comments, strings kept (a `#` in a string is no comment). */
export function withoutComments(text: string): string {
  return text.replace(
    /("(?:\\.|[^"\\])*")|#[^\n]*|\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
    (found: string, string?: string) => string ?? found.replace(/[^\n]/g, ' '),
  );
}

/**
 * The `source` of each `module "name" { ... }` block of an HCL file (comments removed):
 * the first `source = "..."` at the block's own level. A block without a literal source
 * gets source "" so that it is reported.
 */
export function hclModuleSources(text: string): Array<{ module: string; source: string }> {
  const found: Array<{ module: string; source: string }> = [];
  // A block label is a quoted string or, as HCL allows too, a bare identifier.
  const header = /(^|\n)\s*module\s+(?:"([^"]*)"|([A-Za-z_][\w-]*))\s*\{/g;
  for (let match = header.exec(text); match; match = header.exec(text)) {
    let depth = 1;
    let i = header.lastIndex;
    let body = '';
    while (i < text.length && depth > 0) {
      const c = text[i];
      if (c === '"') {
        const end = /"(?:\\.|[^"\\])*"/y;
        end.lastIndex = i;
        const string = end.exec(text)?.[0] ?? c;
        if (depth === 1) body += string;
        i += string.length;
        continue;
      }
      if (c === '{') depth++;
      if (c === '}') depth--;
      if (depth === 1 && c !== '}') body += c;
      i++;
    }
    const source = /(^|\n)\s*source\s*=\s*"([^"]*)"/.exec(body)?.[2] ?? '';
    found.push({ module: match[2] ?? match[3], source });
  }
  return found;
}

/** Every file under root, relative to it. */
function filesUnder(root: string): string[] {
  return fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => fs.lstatSync(path.join(root, file)).isFile());
}
