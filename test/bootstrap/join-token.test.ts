import { refusalMessage } from '../support/refusal';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { LocalBackend, TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { JoinToken, KubernetesVersion, TenantControlPlane } from '../../src';
import { newStack, synthesize } from '../support/synth';
import { controlPlaneIn } from '../support/pool-problems';

function tokenStack() {
  const stack = newStack();
  const tcp = new TenantControlPlane(stack, 'tcp', {
    name: 'tcp-alpha',
    namespace: 'kamaji-tenant',
  });
  const token = new JoinToken(stack, 'token', { controlPlane: tcp });
  return { stack, tcp, token };
}

describe('JoinToken', () => {
  // GIVEN a control plane and its join token; WHEN synthesized once
  const { stack, token } = tokenStack();
  new TerraformOutput(stack, 'join_token', { value: token.token, sensitive: true });
  const synth = synthesize(stack);
  const resources = synth.json.resource!;
  const only = (type: string) => Object.values(resources[type])[0] as Record<string, any>;
  const nameOf = (type: string) => Object.keys(resources[type])[0];

  test('creates a bootstrap token Secret with every key kubeadm reads', () => {
    const secret = only('kubernetes_secret_v1');
    expect(secret.type).toBe('bootstrap.kubernetes.io/token');
    expect(secret.metadata).toEqual({
      name: `bootstrap-token-\${random_string.${nameOf('random_string')}.result}`,
      namespace: 'kube-system',
    });
    expect(secret.data).toEqual({
      'token-id': `\${random_string.${nameOf('random_string')}.result}`,
      'token-secret': `\${random_password.${nameOf('random_password')}.result}`,
      expiration: `\${time_offset.${nameOf('time_offset')}.rfc3339}`,
      'usage-bootstrap-authentication': 'true',
      'usage-bootstrap-signing': 'true',
      'auth-extra-groups': 'system:bootstrappers:kubeadm:default-node-token',
      description: 'Node join token managed by cdktf-kamaji',
    });
  });

  test('draws a 6-character id and a 16-character secret of [a-z0-9], renewed by the rotation', () => {
    const keepers = { rotation: `\${time_rotating.${nameOf('time_rotating')}.id}` };
    expect(only('random_string')).toMatchObject({
      length: 6,
      upper: false,
      special: false,
      keepers,
    });
    expect(only('random_password')).toMatchObject({
      length: 16,
      upper: false,
      special: false,
      keepers,
    });
  });

  test('expires 24 hours after each rotation, and rotates every 12 hours', () => {
    expect(only('time_rotating')).toMatchObject({ rotation_minutes: 720 });
    expect(only('time_offset')).toMatchObject({
      base_rfc3339: `\${time_rotating.${nameOf('time_rotating')}.rfc3339}`,
      offset_minutes: 1440,
    });
  });

  test('creates the Secret with a tenant provider decoded from admin.conf', () => {
    const tenant = (synth.json.provider as any).kubernetes.find((p: any) => p.alias);
    expect(only('kubernetes_secret_v1').provider).toBe(`kubernetes.${tenant.alias}`);
    const kubeconfig = `yamldecode(sensitive(data.kubernetes_secret_v1.${Object.keys(synth.json.data!.kubernetes_secret_v1)[0]}.data["admin.conf"]))`;
    expect(tenant).toEqual({
      alias: expect.stringMatching(/^tenant-tcp-alpha-[0-9a-f]{8}$/),
      host: `\${${kubeconfig}.clusters.0.cluster.server}`,
      cluster_ca_certificate: `\${base64decode(${kubeconfig}.clusters.0.cluster["certificate-authority-data"])}`,
      client_certificate: `\${base64decode(${kubeconfig}.users.0.user["client-certificate-data"])}`,
      client_key: `\${base64decode(${kubeconfig}.users.0.user["client-key-data"])}`,
    });
  });

  test('adds the random and time providers the stack lacked, fully qualified', () => {
    expect(synth.json.terraform).toMatchObject({
      required_providers: {
        random: { source: 'hashicorp/random' },
        time: { source: 'hashicorp/time' },
        kubernetes: { source: 'hashicorp/kubernetes' },
      },
    });
  });

  test('the token is id.secret, marked sensitive in the stack that uses it', () => {
    // sensitive() travels with the expression: a pool in another stack evaluates it there.
    const id = `random_string.${nameOf('random_string')}.result`;
    const secret = `random_password.${nameOf('random_password')}.result`;
    expect(synth.json.output!.join_token).toEqual({
      sensitive: true,
      value: `\${sensitive(join("", [${id}, ".", ${secret}]))}`,
    });
  });

  test('ttl, rotation, description and a given tenant provider', () => {
    const stack2 = newStack();
    const tcp = new TenantControlPlane(stack2, 'tcp', { name: 'tcp-alpha' });
    const tenant = new KubernetesProvider(stack2, 'tenant', {
      alias: 'tenant',
      configPath: 'tenant.kubeconfig',
    });
    new JoinToken(stack2, 'token', {
      controlPlane: tcp,
      ttlHours: 2,
      rotationHours: 1.5,
      description: 'pool tokens',
      tenantProvider: tenant,
    });
    const json = synthesize(stack2).json;
    const secret = Object.values(json.resource!.kubernetes_secret_v1)[0] as any;
    expect(secret.provider).toBe('kubernetes.tenant');
    expect(secret.data.description).toBe('pool tokens');
    expect(Object.values(json.resource!.time_rotating)[0]).toMatchObject({ rotation_minutes: 90 });
    expect(Object.values(json.resource!.time_offset)[0]).toMatchObject({ offset_minutes: 120 });
    expect((json.provider as any).kubernetes.filter((p: any) => p.alias)).toHaveLength(1);
  });

  test('forControlPlane shares one token per control plane and stack', () => {
    const { stack: s, tcp } = tokenStack();
    expect(JoinToken.forControlPlane(s, tcp)).toBe(JoinToken.forControlPlane(s, tcp));
    expect(JoinToken.forControlPlane(s, tcp).node.id).toBe('tcp-alpha-join-token');
  });

  test('fails when the rotation does not come before expiry, or the TTL is not positive', () => {
    const { stack: s, tcp } = tokenStack();
    new JoinToken(s, 't1', { controlPlane: tcp, ttlHours: 4, rotationHours: 4 });
    new JoinToken(s, 't2', { controlPlane: tcp, ttlHours: 0 });
    expect(refusalMessage(() => synthesize(s)).split('\n')).toEqual([
      'test/t1: rotationHours: received 4; must be above 0 and below ttlHours (4), so a new token exists before the current one expires',
      'test/t2: ttlHours: received 0; must be a number above 0',
    ]);
  });

  test('in the two-stack layout, the node stack reads the kubeconfig through a cross-stack reference', () => {
    // GIVEN a control plane stack and a node stack (design D1)
    const app = Testing.app();
    const cpStack = new TerraformStack(app, 'control-plane');
    new LocalBackend(cpStack, { path: 'terraform.control-plane.tfstate' });
    new KubernetesProvider(cpStack, 'management', { configPath: '~/.kube/config' });
    const tcp = new TenantControlPlane(cpStack, 'tcp', {
      name: 'tcp-alpha',
      kubernetesVersion: KubernetesVersion.of('v1.34.1'),
    });
    const nodeStack = new TerraformStack(app, 'nodes');
    new LocalBackend(nodeStack, { path: 'terraform.nodes.tfstate' });
    // WHEN
    new JoinToken(nodeStack, 'token', { controlPlane: tcp });
    app.synth();
    const cp = JSON.parse(Testing.synth(cpStack));
    const nodes = JSON.parse(Testing.synth(nodeStack));
    // THEN the control plane stack exports the kubeconfig as a sensitive output...
    const exported = Object.values(cp.output as Record<string, any>);
    expect(
      exported.some((o) => o.sensitive === true && String(o.value).includes('admin.conf')),
    ).toBe(true);
    // ...and the node stack reads it from the control plane stack's state
    expect(Object.keys(nodes.data.terraform_remote_state)).toHaveLength(1);
    // ...marked sensitive there: terraform_remote_state outputs are not (issue #22 item 3)
    const [provider] = nodes.provider.kubernetes;
    expect(provider.client_key).toMatch(
      /^\$\{base64decode\(yamldecode\(sensitive\(data\.terraform_remote_state\.[^)]+\)\)/,
    );
    expect(nodes.resource.kubernetes_manifest).toBeUndefined();
    expect(Object.keys(nodes.resource.kubernetes_secret_v1)).toHaveLength(1);
  });
});

describe('JoinToken refusals of input once accepted silently (issue #12 items 12 to 14)', () => {
  test('lifetimes given as tokens are refused', () => {
    const stack = newStack();
    const hours = new TerraformVariable(stack, 'hours', { type: 'number' }).numberValue;
    new JoinToken(stack, 'token', { controlPlane: controlPlaneIn(stack), ttlHours: hours });
    expect(refusalMessage(() => synthesize(stack))).toBe(
      'test/token: ttlHours: received a Terraform value known only at apply time; must be known at synth (the token lifetime is computed in minutes at synth); give a plain value, not a Terraform variable or reference',
    );
  });

  test('lifetimes that round to 0 minutes or exceed a year', () => {
    const stack = newStack();
    const tcp = controlPlaneIn(stack);
    new JoinToken(stack, 't1', { controlPlane: tcp, ttlHours: 0.005 });
    new JoinToken(stack, 't2', { controlPlane: tcp, ttlHours: 9000, rotationHours: 24 });
    new JoinToken(stack, 't3', { controlPlane: tcp, ttlHours: 1, rotationHours: 0.001 });
    expect(refusalMessage(() => synthesize(stack)).split('\n')).toEqual([
      'test/t1: ttlHours: received 0.005; rounds to 0 minutes; give at least 1/60 hour (one minute)',
      'test/t2: ttlHours: received 9000; must be at most 8760 hours (one year): a join token that lives longer is a standing credential',
      'test/t3: rotationHours: received 0.001; rounds to 0 minutes; give at least 1/60 hour (one minute)',
    ]);
  });

  test('a token given no props object at all, from JavaScript', () => {
    const stack = newStack();
    new JoinToken(stack, 'token', undefined as any);
    const lines = refusalMessage(() => synthesize(stack)).split('\n');
    expect(lines).toContain('test/token: props: received nothing; needs its props object: { ... }');
    expect(lines.join('\n')).not.toMatch(/TypeError|Cannot read/);
  });
});
