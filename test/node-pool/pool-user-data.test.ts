import { StringResource } from '@cdktf/provider-random/lib/string-resource';
import { Lazy, Testing, TerraformStack, TerraformVariable } from 'cdktf';
import * as userDataModule from '../../src/bootstrap/user-data';
import { TERRAFORM_ENCODING } from '../../src/bootstrap/terraform-encoding';
import {
  NODE_NAME_PLACEHOLDER,
  PoolBootstrapConfig,
  PoolUserData,
  renderedEncodings,
  UserDataEncodings,
} from '../../src/node-pool/pool-user-data';

const NAMES = ['tcp-charlie-default-pool-node-00', 'tcp-charlie-default-pool-node-01'];
const KINDS = ['text', 'base64', 'gzipBase64'] as const;

/** A pool configuration whose endpoint, CA and token are Terraform values, as a pool's are. */
function config(stack: TerraformStack, more: Partial<PoolBootstrapConfig> = {}) {
  const value = (name: string) =>
    new TerraformVariable(stack, name, { type: 'string' }).stringValue;
  return {
    endpoint: value('endpoint'),
    caCertificate: value('ca'),
    token: value('token'),
    labels: { 'node.kubernetes.io/pool': 'default-pool' },
    sshAuthorizedKeys: ['ssh-ed25519 AAAA ops'],
    ...more,
  };
}

/**
 * Each node's user-data, in every encoding, from the pool (`shared`) and rendered per
 * node on its own (`own`), synthesized side by side as resource arguments.
 */
function synthesizeBoth(
  more: (stack: TerraformStack) => Partial<PoolBootstrapConfig> = () => ({}),
) {
  const stack = new TerraformStack(Testing.app(), 'nodes');
  const pool = config(stack, more(stack));
  const shared = new PoolUserData(pool);
  const keepers = (id: string, encodings: UserDataEncodings) =>
    new StringResource(stack, id, {
      length: 8,
      keepers: Object.fromEntries(KINDS.map((kind) => [kind, encodings[kind]()])),
    });
  NAMES.forEach((name, i) => {
    keepers(`shared-${i}`, shared.forNode(name, 'v1.35.7'));
    const own = userDataModule.renderCheckedUserData(
      { ...pool, nodeName: name, kubernetesVersion: 'v1.35.7' },
      TERRAFORM_ENCODING,
    );
    keepers(`own-${i}`, renderedEncodings(own));
  });
  const json = JSON.parse(Testing.synth(stack));
  const of = (id: string) => json.resource.random_string[id].keepers as Record<string, string>;
  return { of };
}

describe('PoolUserData', () => {
  afterEach(() => jest.restoreAllMocks());

  test('renders once per kubelet version, not once per node', () => {
    // GIVEN
    const render = jest.spyOn(userDataModule, 'renderCheckedUserData');
    const stack = new TerraformStack(Testing.app(), 'nodes');
    const userData = new PoolUserData(config(stack));

    // WHEN
    for (const name of NAMES) userData.forNode(name, 'v1.35.7');
    userData.forNode('tcp-charlie-default-pool-node-02', 'v1.34.2');

    // THEN
    expect(render).toHaveBeenCalledTimes(2);
  });

  test("writes each node's user-data byte for byte as rendering it on its own does", () => {
    // WHEN
    const { of } = synthesizeBoth();

    // THEN
    NAMES.forEach((name, i) => {
      for (const kind of KINDS) expect(of(`shared-${i}`)[kind]).toBe(of(`own-${i}`)[kind]);
      expect(of(`shared-${i}`).text).toContain(`hostname: ${name}\n`);
      expect(of(`shared-${i}`).text).not.toContain(NODE_NAME_PLACEHOLDER);
    });
    expect(of('shared-0').text).not.toBe(of('shared-1').text);
  });

  test('renders per node when a literal token would hide the name in base64 made at synth', () => {
    // GIVEN: no apply-time value in the JoinConfiguration, so Node encodes it at synth
    const render = jest.spyOn(userDataModule, 'renderCheckedUserData');

    // WHEN
    const { of } = synthesizeBoth(() => ({ token: 'abcdef.0123456789abcdef' }));

    // THEN: the template (refused), then per node, besides the two own renders; still identical
    expect(render).toHaveBeenCalledTimes(1 + 2 + 2);
    NAMES.forEach((_, i) => {
      for (const kind of KINDS) expect(of(`shared-${i}`)[kind]).toBe(of(`own-${i}`)[kind]);
    });
  });

  test('a second synthesis resolves afresh what changed in between', () => {
    // GIVEN: a value produced at synth, which may differ from one synthesis to the next
    const stack = new TerraformStack(Testing.app(), 'nodes');
    let endpoint = 'first.example.com:6443';
    const shared = new PoolUserData({
      ...config(stack),
      endpoint: Lazy.stringValue({ produce: () => endpoint }),
    });
    new StringResource(stack, 'machine', {
      length: 8,
      keepers: { base64: shared.forNode(NAMES[0], 'v1.35.7').base64() },
    });
    const keepers = () => JSON.parse(Testing.synth(stack)).resource.random_string.machine.keepers;
    expect(keepers().base64).toContain('first.example.com');

    // WHEN
    endpoint = 'second.example.com:6443';

    // THEN
    expect(keepers().base64).toContain('second.example.com');
    expect(keepers().base64).not.toContain('first.example.com');
  });

  test('renders per node when the bootstrap input holds the placeholder itself', () => {
    // GIVEN
    const render = jest.spyOn(userDataModule, 'renderCheckedUserData');
    const stack = new TerraformStack(Testing.app(), 'nodes');
    const userData = new PoolUserData(config(stack, { extraPackages: [NODE_NAME_PLACEHOLDER] }));

    // WHEN
    for (const name of NAMES) userData.forNode(name, 'v1.35.7');

    // THEN
    expect(render).toHaveBeenCalledTimes(NAMES.length);
  });
});
