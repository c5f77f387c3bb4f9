/**
 * Which calls of Terraform's file functions the check lets run: a string literal path
 * inside the stack's folder only (file-reads.ts), without terraform.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { unsafeStackFiles } from '../../packages/check/src/app-copy';
import {
  hostFileReadsInHcl,
  hostFileReadsInJson,
  interpolations,
} from '../../packages/check/src/file-reads';

function stackFolder(): { root: string; dir: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-file-reads-'));
  const dir = path.join(root, 'stacks', 's');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'payload.txt'), 'in the stack');
  return { root, dir };
}

/** The problems of one expression, as an output's value. */
function reads(dir: string, value: string): string[] {
  return hostFileReadsInJson({ output: { o: { value } } }, dir, 'cdk.tf.json');
}

describe("Terraform's file functions in a stack's JSON", () => {
  test('a literal path inside the stack folder passes, relative or through ..', () => {
    const { dir } = stackFolder();
    expect(reads(dir, '${file("payload.txt")}')).toEqual([]);
    expect(reads(dir, '${filesha256("./x/../payload.txt")}')).toEqual([]);
    expect(reads(dir, `\${filebase64(${JSON.stringify(path.join(dir, 'payload.txt'))})}`)).toEqual(
      [],
    );
    expect(reads(dir, '${fileset(".", "*.txt")}')).toEqual([]);
  });

  test('a path outside, or no literal, is refused with where it is and why', () => {
    const { dir } = stackFolder();
    expect(reads(dir, '${upper(file("/etc/hostname"))}')).toEqual([
      'cdk.tf.json: output.o.value: file() of "/etc/hostname", outside the stack\'s folder: ' +
        "the check reads no file outside the stack's folder (the runner's secrets); name a " +
        "file of the stack's folder with a literal path, e.g. a TerraformAsset",
    ]);
    for (const value of [
      '${file("../../../x")}',
      '${file(pathexpand("~/.aws/credentials"))}',
      '${file(abspath("payload.txt"))}',
      '${file("${path.module}/payload.txt")}',
      '${file(var.path)}',
      '%{ if true }${filemd5("/etc/passwd")}%{ endif }',
      '${fileset(".", "../**")}',
      '${fileset(".", var.pattern)}',
      '${templatefile("/etc/x.tpl", {})}',
      '${file/* a comment */("/etc/passwd")}',
      '${file # a comment\n("/etc/passwd")}',
      '${file("payload.txt" /* a comment */)}',
      '${provider::local::file("/etc/passwd")}',
    ]) {
      expect(reads(dir, value)).toHaveLength(1);
    }
  });

  test('text outside an interpolation is no call; a key of an object is a template', () => {
    const { dir } = stackFolder();
    expect(reads(dir, 'run file("/etc/passwd") by hand')).toEqual([]);
    expect(
      hostFileReadsInJson({ locals: { m: { '${file("/etc/x")}': 1 } } }, dir, 'f'),
    ).toHaveLength(1);
  });

  test("a templatefile's template is read for calls too", () => {
    const { dir } = stackFolder();
    fs.writeFileSync(path.join(dir, 'leaks.tpl'), 'x ${file("/etc/shadow")}');
    fs.writeFileSync(path.join(dir, 'fine.tpl'), 'x ${file("payload.txt")} ${name}');
    expect(reads(dir, '${templatefile("fine.tpl", { name = "n" })}')).toEqual([]);
    expect(reads(dir, '${templatefile("leaks.tpl", {})}')).toEqual([
      expect.stringContaining(
        'templatefile() of "leaks.tpl", whose template: file() of "/etc/shadow"',
      ),
    ]);
  });

  test('a path through a symbolic link out of the folder is refused', () => {
    const { dir } = stackFolder();
    fs.symlinkSync(os.tmpdir(), path.join(dir, 'out'));
    expect(reads(dir, '${file("out/x")}')).toHaveLength(1);
  });

  test('fileexists passes with any argument: it returns a boolean only', () => {
    const { dir } = stackFolder();
    expect(reads(dir, '${var.k == "" || fileexists(pathexpand(var.k))}')).toEqual([]);
  });

  test('interpolations keep nested strings and braces', () => {
    expect(interpolations('a ${f("}", {b = 1})} c %{ if x }d%{ endif }')).toEqual([
      'f("}", {b = 1})',
      ' if x ',
      ' endif ',
    ]);
  });

  test('in HCL, every call is refused', () => {
    expect(hostFileReadsInHcl('x = file("a.txt")\ny = fileexists("b")', 'main.tf')).toEqual([
      'main.tf: file() in HCL: the check runs no file function of an HCL file (it could read ' +
        "the runner's files); write the stack's JSON",
    ]);
  });
});

describe('a stack folder with file functions', () => {
  test("the ledger's file() of its own state passes once the check's override replaces it", () => {
    // GIVEN a read of the stack's own state counted with file() of a computed path, as
    // src/day-two/ledger-terraform.ts writes it
    const { root, dir } = stackFolder();
    const count =
      '${fileexists(terraform.workspace == "default" ? "terraform.s.tfstate" : "x") && ' +
      'try(trimspace(file(terraform.workspace == "default" ? "terraform.s.tfstate" : "x")), "") != "" ? 1 : 0}';
    fs.writeFileSync(
      path.join(dir, 'cdk.tf.json'),
      JSON.stringify({ data: { terraform_remote_state: { ledger: { backend: 'local', count } } } }),
    );
    const override = { data: { terraform_remote_state: { ledger: { count: '${1}' } } } };
    // WHEN / THEN
    expect(unsafeStackFiles(root, dir)).toEqual([
      expect.stringMatching(
        /^stacks\/s\/cdk\.tf\.json: data\.terraform_remote_state\.ledger\.count: file\(\) with a path that is no string literal/,
      ),
    ]);
    expect(unsafeStackFiles(root, dir, override)).toEqual([]);
  });

  test('every JSON and HCL file of the folder and its local modules is read; OpenTofu files are refused', () => {
    const { root, dir } = stackFolder();
    fs.writeFileSync(
      path.join(dir, 'cdk.tf.json'),
      JSON.stringify({ module: { m: { source: './m' } } }),
    );
    fs.writeFileSync(path.join(dir, 'extra.tf.json'), '{"locals": {"a": "${file(\\"/etc/a\\")}"}}');
    fs.mkdirSync(path.join(dir, 'm'));
    fs.writeFileSync(path.join(dir, 'm', 'main.tf'), 'locals { b = filebase64("/etc/b") }');
    fs.writeFileSync(path.join(dir, 'm', 'main.tofu'), 'locals { c = 1 }');
    expect(unsafeStackFiles(root, dir)).toEqual([
      expect.stringMatching(/^stacks\/s\/extra\.tf\.json: locals\.a: file\(\) of "\/etc\/a"/),
      expect.stringMatching(/^stacks\/s\/m\/main\.tf: filebase64\(\) in HCL/),
      'stacks/s/m/main.tofu: an OpenTofu file, which the check does not search for provisioners and file functions',
    ]);
  });
});
