/**
 * terraformLiteral, evaluated by the real terraform: literal parts arrive verbatim
 * next to tokens too, including the cases CDKTF and Terraform read specially (a
 * literal "${" beside a token, a "$" just before one, a lone "}").
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformLocal, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { keepLiteralsLiteral, terraformLiteral } from '../../src/private/terraform-literals';
import { skipUnless } from '../support/tools';

const CASES: Record<string, (token: string) => unknown> = {
  pure: () => '${file("/etc/hostname")} %{ if true }x%{ endif } $${ %%{ \\ " \n',
  dollarBeforeToken: (t) => `price: $${t}`,
  escapeBesideToken: (t) => `\${x} ${t} %{ y }`,
  braceBesideToken: (t) => `a } b ${t} { c`,
  quotesBesideToken: (t) => `"\\n" ${t} \r\n`,
  keys: (t) => ({ '${k}': [`%{v} ${t}`], plain: t }),
};

const describeWithTerraform = skipUnless('terraform', 'terraformLiteral evaluation')
  ? describe
  : describe.skip;

describeWithTerraform('literal strings beside tokens, evaluated by terraform', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-literals-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  // GIVEN outputs mixing literals with a local, in a scope that keeps literals literal
  const stack = new TerraformStack(Testing.app(), 'literals');
  const token = new TerraformLocal(stack, 'token', 'T').asString;
  keepLiteralsLiteral(stack);
  for (const [name, value] of Object.entries(CASES)) {
    new TerraformOutput(stack, name, { value: value(token) });
  }
  // WHEN terraform evaluates them
  fs.writeFileSync(path.join(dir, 'main.tf.json'), Testing.synth(stack));
  fs.writeFileSync(path.join(dir, 'terraformrc'), '');
  const env = {
    ...process.env,
    TF_CLI_CONFIG_FILE: path.join(dir, 'terraformrc'),
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
  };
  const run = (args: string[]) => spawnSync('terraform', args, { cwd: dir, encoding: 'utf8', env });
  const apply = run(['apply', '-auto-approve', '-input=false', '-no-color']);
  const outputs = JSON.parse(run(['output', '-json']).stdout || '{}');

  test.each(Object.keys(CASES))('%s arrives verbatim', (name) => {
    expect({ status: apply.status, stderr: apply.stderr }).toEqual({ status: 0, stderr: '' });
    // THEN
    expect(outputs[name].value).toEqual(CASES[name]('T'));
  });

  test('a string with nothing to escape is left as it is', () => {
    expect(terraformLiteral('tcp-charlie')).toBe('tcp-charlie');
    expect(terraformLiteral(`bootstrap-token-${token}`)).toBe(`bootstrap-token-${token}`);
  });
});
