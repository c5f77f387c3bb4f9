/**
 * The refusal of a bad SSH key must not show a sample that is itself refused: it
 * used to suggest "ssh-ed25519 AAAA... comment", the very shape the README's
 * placeholder had and the check rejects (issue #13 item 3).
 */
import { BringYourOwnMachines, KubernetesVersion, NodePool, TenantControlPlane } from '../../src';
import { refusalMessage } from '../support/refusal';
import { newStack, synthesize } from '../support/synth';

function poolWithKey(key: string): void {
  const stack = newStack();
  const tcp = new TenantControlPlane(stack, 'tcp', {
    name: 'tcp-alpha',
    kubernetesVersion: KubernetesVersion.of('v1.35.7'),
  });
  new NodePool(stack, 'default-pool', {
    controlPlane: tcp,
    name: 'default-pool',
    infrastructure: new BringYourOwnMachines(),
    bootstrap: { sshAuthorizedKeys: [key] },
  });
  synthesize(stack);
}

describe('SSH key refusal', () => {
  it('says what a key line is made of, without a sample key that would be refused', () => {
    // GIVEN a shortened key, as people paste from docs
    const key = 'ssh-ed25519 AAAA... ops@example.com';
    // WHEN
    const message = refusalMessage(() => poolWithKey(key));
    // THEN
    expect(message).toContain(
      `test/default-pool: bootstrap.sshAuthorizedKeys[0]: received "${key}"; must be one line of an OpenSSH public key: its type (ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, ...), one space, the key in base64`,
    );
    const hint = message.slice(message.indexOf(`"${key}"`) + key.length + 2);
    expect(hint).not.toMatch(/AAAA/);
  });

  it("accepts the README's placeholder key", () => {
    expect(() =>
      poolWithKey(
        'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGV4YW1wbGUta2V5LXJlcGxhY2Utd2l0aC15b3VycyEh ops@example.com',
      ),
    ).not.toThrow();
  });
});
