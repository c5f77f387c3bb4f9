/**
 * NodePool composes the day-2 layer (issue #14 item 4): retired nodes keep their names
 * out of use, and every pool gets a drain before and a Node deletion after its machines.
 */
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import {
  buildFleet,
  DrainTimeoutAction,
  KubernetesVersion,
  NodeDrain,
  NodePool,
  NodePoolOptions,
  NodeAddressing,
  TenantControlPlane,
} from '../../src';
import { FakeInfrastructure } from '../support/fake-infrastructure';
import { refusalMessage } from '../support/refusal';
import { newStack, synthesize } from '../support/synth';
import { RETIREMENT_COMMAND } from '../../src/day-two/node-retirement';

function poolStack(options: Partial<NodePoolOptions> = {}) {
  const stack = newStack();
  const controlPlane = new TenantControlPlane(stack, 'tcp', {
    name: 'tcp-charlie',
    kubernetesVersion: KubernetesVersion.of('v1.35.7'),
  });
  const pool = new NodePool(stack, 'default-pool', {
    controlPlane,
    name: 'default-pool',
    infrastructure: new FakeInfrastructure(),
    replicas: 3,
    ...options,
  });
  return { stack, pool };
}

/** The pool's `terraform_data` but the stack ledger's two records (issue #20). */
const terraformData = (options: Partial<NodePoolOptions> = {}) => {
  const { stack } = poolStack(options);
  const all = synthesize(stack).json.resource?.terraform_data ?? {};
  return Object.fromEntries(Object.entries(all).filter(([name]) => !name.includes('_ledger-')));
};

describe('retired nodes', () => {
  test('a pool of 3 without node-02 is node-00, node-01 and node-03', () => {
    // WHEN
    const { pool } = poolStack({ retiredNodes: [2] });
    // THEN
    expect(pool.nodeNames).toEqual([
      'tcp-charlie-default-pool-node-00',
      'tcp-charlie-default-pool-node-01',
      'tcp-charlie-default-pool-node-03',
    ]);
    expect(pool.nodes.map((n) => n.node.id)).toEqual(['node-00', 'node-01', 'node-03']);
  });

  test('node-03 takes the address of its own index, and in a range that is full, a free one', () => {
    const addressing = NodeAddressing.staticRange({
      cidr: '192.0.2.0/24',
      first: '192.0.2.10',
      gateway: '192.0.2.1',
    });
    const { pool } = poolStack({ retiredNodes: [2], addressing });
    expect(pool.nodes.map((n) => n.address?.address)).toEqual([
      '192.0.2.10',
      '192.0.2.11',
      '192.0.2.13',
    ]);
    const tight = NodeAddressing.staticRange({
      cidr: '192.0.2.0/29',
      first: '192.0.2.4',
      gateway: '192.0.2.1',
    });
    // 192.0.2.4-.6 hold three nodes: node-03 and node-04 would take node-00's and
    // node-01's addresses, so node-05 takes node-02's (issue #20 item 6)
    expect(() => synthesize(poolStack({ addressing: tight }).stack)).not.toThrow();
    const { stack, pool: retired } = poolStack({ addressing: tight, retiredNodes: [2] });
    expect(() => synthesize(stack)).not.toThrow();
    expect(retired.nodes.map((n) => `${n.nodeName.slice(-7)} ${n.address?.address}`)).toEqual([
      'node-00 192.0.2.4',
      'node-01 192.0.2.5',
      'node-05 192.0.2.6',
    ]);
  });

  test('fails when a retired index is not a whole index or is listed twice', () => {
    const message = refusalMessage(() => {
      synthesize(poolStack({ retiredNodes: [1, -2, 1] }).stack);
    });
    expect(message).toContain(
      'test/default-pool: retiredNodes[1]: received -2; must be a node index, a whole number from 0 to 1998 (2 retires node-02)',
    );
    expect(message).toContain(
      'test/default-pool: retiredNodes[2]: received 1; is retired twice; list each retired node once',
    );
  });
});

describe('drains', () => {
  test('each live node has a drain, ordered after the machines, and a Node deletion, before them', () => {
    // WHEN
    const { stack } = poolStack({ retiredNodes: [1] });
    const json = synthesize(stack).json;
    // THEN
    const data = json.resource!.terraform_data;
    const [deletionId, drainId] = ['node-deletion', 'node-drain'].map((id) =>
      Object.keys(data).find((k) => k.includes(`retirement_${id}`))!,
    );
    const names = ['node-00', 'node-02', 'node-03'].map((n) => `tcp-charlie-default-pool-${n}`);
    for (const id of [deletionId, drainId]) {
      expect(data[id].for_each).toBe(`\${toset(${JSON.stringify(names).replace(/,/g, ', ')})}`);
      // no credential: where the script reads the admin kubeconfig, with the
      // management provider's kubeconfig path (the test stack's default provider)
      expect(data[id].input).toEqual({
        node: '${each.value}',
        secret_namespace: 'default',
        secret_name: 'tcp-charlie-admin-kubeconfig',
        management_kubeconfig: '~/.kube/config',
        management_context: '',
        management_kubeconfig_paths: '',
        management_context_auth_info: '',
        management_context_cluster: '',
        management_unreproducible: '',
        // the control plane's endpoint, for the scripts to refuse another tenant
        tenant_endpoint: expect.stringContaining('.clusters.0.cluster.server, "https://"'),
        tenant_ca_sha256: expect.stringMatching(
          /sha256\(base64decode\(.*certificate-authority-data/,
        ),
      });
      const provisioner = (data[id].provisioner as any[])[0]['local-exec'];
      expect(provisioner.when).toBe('destroy');
      expect(provisioner.environment).toEqual({
        CDKTF_KAMAJI_SCRIPT: expect.stringContaining('#!/bin/sh'),
        NODE_NAME: '${self.input.node}',
        ADMIN_KUBECONFIG_SECRET_NAMESPACE: '${self.input.secret_namespace}',
        ADMIN_KUBECONFIG_SECRET_NAME: '${self.input.secret_name}',
        MANAGEMENT_KUBECONFIG: '${self.input.management_kubeconfig}',
        MANAGEMENT_CONTEXT: '${self.input.management_context}',
        // keys an older library did not record are read with try: its records still run
        MANAGEMENT_KUBECONFIG_PATHS: '${try(self.input.management_kubeconfig_paths, "")}',
        MANAGEMENT_CONTEXT_AUTH_INFO: '${try(self.input.management_context_auth_info, "")}',
        MANAGEMENT_CONTEXT_CLUSTER: '${try(self.input.management_context_cluster, "")}',
        MANAGEMENT_UNREPRODUCIBLE: '${try(self.input.management_unreproducible, "")}',
        TENANT_ENDPOINT: '${try(self.input.tenant_endpoint, "")}',
        TENANT_CA_SHA256: '${try(self.input.tenant_ca_sha256, "")}',
      });
    }
    const machines = Object.keys(json.resource!.random_string).filter((k) => k.includes('Machine'));
    expect(machines).toHaveLength(3);
    for (const machine of machines) {
      expect(json.resource!.random_string[machine].depends_on).toEqual([
        `terraform_data.${deletionId}`,
      ]);
    }
    expect(data[drainId].depends_on).toEqual([
      `terraform_data.${deletionId}`,
      ...machines.map((m) => `random_string.${m}`),
    ]);
    // a short command, so that a failure prints one line, the script in the environment
    expect((data[drainId].provisioner as any[])[0]['local-exec'].command).toBe(RETIREMENT_COMMAND);
    const drainCommand = (data[drainId].provisioner as any[])[0]['local-exec'].environment
      .CDKTF_KAMAJI_SCRIPT;
    expect(drainCommand).toContain('--timeout=600s');
    // the shell's own ${...} is escaped for Terraform
    expect(drainCommand).toContain('"$${CDKTF_KAMAJI_SKIP_DRAIN:-}"');
  });

  test('the drain records the version each node was made with, and a check block compares it', () => {
    // WHEN
    const json = synthesize(poolStack().stack).json;
    // THEN
    const [drainId, drain] = Object.entries(json.resource!.terraform_data).find(([k]) =>
      k.includes('node-drain'),
    )!;
    expect(drain.triggers_replace).toEqual(expect.objectContaining({ kubelet_version: 'v1.35.7' }));
    expect(drain.input).not.toHaveProperty('kubelet_version');
    expect(drain.lifecycle).toEqual({ ignore_changes: ['triggers_replace'] });
    const check = (json.check as Record<string, { assert: Array<Record<string, string>> }>)[
      `${drainId}_nodes`
    ];
    // One assertion for every finding, so a plan shows one warning per pool (#22 item 6)
    expect(check.assert).toHaveLength(1);
    expect(check.assert[0].condition).toContain(
      `\${length([for k, d in terraform_data.${drainId} : "\${k} (\${d.triggers_replace.kubelet_version})" if d.triggers_replace.kubelet_version != "v1.35.7"]) == 0 && `,
    );
    expect(check.assert[0].condition).toContain(
      '> 35 || tonumber(split(".", d.triggers_replace.kubelet_version)[1]) < 32',
    );
  });

  test('the drain options reach the script', () => {
    const data = terraformData({
      drain: NodeDrain.evict({ timeoutSeconds: 90, onTimeout: DrainTimeoutAction.PROCEED }),
    });
    const drain = Object.entries(data).find(([k]) => k.includes('node-drain'))![1];
    const command = (drain.provisioner as any[])[0]['local-exec'].environment
      .CDKTF_KAMAJI_SCRIPT as string;
    expect(command).toContain('--timeout=90s');
    expect(command).toContain('its machine goes anyway');
  });

  test('NodeDrain.disabled() makes no drain and no Node deletion', () => {
    expect(terraformData({ drain: NodeDrain.disabled() })).toEqual({});
    expect(synthesize(poolStack({ drain: NodeDrain.disabled() }).stack).json.check).toBeUndefined();
  });

  test('fails when the drain timeout is not a whole number of seconds in range', () => {
    for (const timeoutSeconds of [0, 1.5, 86_401]) {
      expect(
        refusalMessage(() => {
          synthesize(poolStack({ drain: NodeDrain.evict({ timeoutSeconds }) }).stack);
        }),
      ).toContain(
        `test/default-pool: drain.timeoutSeconds: received ${timeoutSeconds}; must be a whole number of seconds from 1 to 86400; use NodeDrain.none() for no drain`,
      );
    }
  });

  test('fails when drain is not a NodeDrain', () => {
    expect(
      refusalMessage(() => {
        synthesize(poolStack({ drain: { timeoutSeconds: 5 } as unknown as NodeDrain }).stack);
      }),
    ).toContain('drain: received');
  });
});

describe('in the fleet file', () => {
  test('retiredNodes and drain reach the pool', () => {
    const text = `controlPlanes:
  - name: tcp-charlie
    pools:
      - name: default-pool
        replicas: 3
        retiredNodes: [2]
        drain: { timeoutSeconds: 90, onTimeout: proceed }
        infrastructure:
          bring-your-own: {}
      - name: system-pool
        drain: { enabled: false }
        infrastructure:
          bring-your-own: {}
`;
    const stacks = buildFleet(Testing.app(), text, 'fleet.yaml');
    const stack = stacks.nodeStacks[0];
    const json = JSON.parse(Testing.synth(stack, true));
    const data = Object.entries<any>(json.resource.terraform_data);
    const drains = data.filter(([k]) => k.includes('node-drain'));
    expect(drains).toHaveLength(1);
    expect(drains[0][0]).toContain('default-pool');
    expect(drains[0][1].for_each).toContain('tcp-charlie-default-pool-node-03');
    expect(drains[0][1].for_each).not.toContain('node-02');
    expect(drains[0][1].provisioner[0]['local-exec'].environment.CDKTF_KAMAJI_SCRIPT).toContain(
      '--timeout=90s',
    );
  });

  test('the schema refuses a bad onTimeout and a negative index', () => {
    const text = `controlPlanes:
  - name: tcp-charlie
    pools:
      - name: default-pool
        retiredNodes: [-1]
        drain: { onTimeout: ignore }
        infrastructure:
          bring-your-own: {}
`;
    expect(() => buildFleet(Testing.app(), text, 'fleet.yaml')).toThrow(
      /retiredNodes\[0\][\s\S]*drain\.onTimeout|drain\.onTimeout[\s\S]*retiredNodes\[0\]/,
    );
  });
});

describe('the control plane first', () => {
  const entry = (data: Record<string, any>, id: string) =>
    Object.entries(data).find(([key]) => key.includes(id));

  test("a pool's Node records wait on one check per pool that the control plane was applied with the pool's minor or newer", () => {
    // WHEN a pool on v1.34.2 of a control plane made in the app
    const data = terraformData({ kubernetesVersion: KubernetesVersion.of('v1.34.2') });
    // THEN one resource per pool checks the version in the control plane's state...
    const [firstId, first] = entry(data, 'control-plane-first')!;
    expect(first.for_each).toBeUndefined();
    expect(first.lifecycle.precondition).toEqual([
      {
        condition: expect.stringMatching(
          /^\$\{\(tonumber\(element\(split\("\.", kubernetes_manifest\.tcp_\w+\.object\.spec\.kubernetes\.version\), 1\)\) >= 34\)\}$/,
        ),
        error_message: expect.stringMatching(
          /^Pool default-pool: its nodes get v1\.34\.2, but control plane tcp-charlie was last applied with \$\{nonsensitive\(kubernetes_manifest\.tcp_\w+\.object\.spec\.kubernetes\.version\)\}: apply the control plane first/,
        ),
      },
    ]);
    // ...and the Node records, made before each machine, wait on it; they hold no check
    // of their own, which Terraform would report once per node (issue #22 item 6)
    const [, deletion] = entry(data, 'node-deletion')!;
    // (they also wait on the stack ledger's record of retired nodes, issue #20 item 3)
    expect(deletion.depends_on).toContain(`terraform_data.${firstId}`);
    expect(deletion.lifecycle).toBeUndefined();
  });

  test('a control plane made elsewhere: nothing to check against', () => {
    const stack = newStack();
    const imported = TenantControlPlane.fromTenantControlPlaneAttributes(stack, 'tcp', {
      name: 'tcp-charlie',
      kubernetesVersion: KubernetesVersion.of('v1.35.7'),
    });
    new NodePool(stack, 'default-pool', {
      controlPlane: imported,
      name: 'default-pool',
      infrastructure: new FakeInfrastructure(),
    });
    const data = synthesize(stack).json.resource!.terraform_data as Record<string, any>;
    expect(entry(data, 'control-plane-first')).toBeUndefined();
    expect(entry(data, 'node-deletion')![1].lifecycle).toBeUndefined();
  });
});

describe('where the scripts find the management cluster', () => {
  const drainInput = (data: Record<string, any>) =>
    Object.entries<any>(data).find(([k]) => k.includes('node-drain'))![1].input;

  test("the control plane's provider: a variable path stays an expression, made nonsensitive; its context", () => {
    // GIVEN a control plane with an aliased management provider, no default one
    const stack = new TerraformStack(Testing.app(), 'test');
    const path = new TerraformVariable(stack, 'management_kubeconfig', { type: 'string' });
    const provider = new KubernetesProvider(stack, 'management', {
      alias: 'management',
      configPath: path.stringValue,
      configContext: 'kamaji-admin@management',
    });
    new KubernetesProvider(stack, 'other', { configPath: '/etc/other.kubeconfig' });
    const controlPlane = new TenantControlPlane(stack, 'tcp', {
      name: 'tcp-charlie',
      namespace: 'kamaji-tenant',
      provider,
    });
    new NodePool(stack, 'default-pool', {
      controlPlane,
      name: 'default-pool',
      infrastructure: new FakeInfrastructure(),
    });
    // THEN
    const data = synthesize(stack).json.resource!.terraform_data;
    expect(drainInput(data)).toEqual({
      node: '${each.value}',
      secret_namespace: 'kamaji-tenant',
      secret_name: 'tcp-charlie-admin-kubeconfig',
      management_kubeconfig: '${nonsensitive(var.management_kubeconfig)}',
      management_context: 'kamaji-admin@management',
      management_kubeconfig_paths: '',
      management_context_auth_info: '',
      management_context_cluster: '',
      management_unreproducible: '',
      tenant_endpoint: expect.stringContaining('cluster.server'),
      tenant_ca_sha256: expect.stringContaining('certificate-authority-data'),
    });
  });

  test("config_paths, auth info and cluster travel too, as the scripts' KUBECONFIG list and flags", () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const paths = new TerraformVariable(stack, 'paths', { type: 'list(string)' });
    new KubernetesProvider(stack, 'kubernetes', {
      configPaths: paths.listValue,
      configContextAuthInfo: 'kamaji-admin',
      configContextCluster: 'management',
    });
    const controlPlane = new TenantControlPlane(stack, 'tcp', { name: 'tcp-charlie' });
    new NodePool(stack, 'default-pool', {
      controlPlane,
      name: 'default-pool',
      infrastructure: new FakeInfrastructure(),
    });
    const input = drainInput(synthesize(stack).json.resource!.terraform_data);
    expect(input).toEqual(
      expect.objectContaining({
        management_kubeconfig_paths: '${nonsensitive(join(":", var.paths))}',
        management_context_auth_info: 'kamaji-admin',
        management_context_cluster: 'management',
        management_unreproducible: '',
      }),
    );
  });

  test('a provider with host or token names them (not insecure = false): the scripts cannot reproduce it, and refuse', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new KubernetesProvider(stack, 'kubernetes', {
      host: 'https://203.0.113.1:6443',
      token: 'never-recorded',
      insecure: false,
    });
    const controlPlane = new TenantControlPlane(stack, 'tcp', { name: 'tcp-charlie' });
    new NodePool(stack, 'default-pool', {
      controlPlane,
      name: 'default-pool',
      infrastructure: new FakeInfrastructure(),
    });
    const input = drainInput(synthesize(stack).json.resource!.terraform_data);
    expect([input.management_kubeconfig, input.management_unreproducible]).toEqual([
      '',
      'host, token',
    ]);
    expect(JSON.stringify(input)).not.toContain('never-recorded');
  });

  test("a control plane made elsewhere: its stack's default provider", () => {
    const stack = newStack();
    const imported = TenantControlPlane.fromTenantControlPlaneAttributes(stack, 'tcp', {
      name: 'tcp-alpha',
      namespace: 'tenants',
      kubernetesVersion: KubernetesVersion.of('v1.35.7'),
    });
    new NodePool(stack, 'default-pool', {
      controlPlane: imported,
      name: 'default-pool',
      infrastructure: new FakeInfrastructure(),
    });
    const input = drainInput(synthesize(stack).json.resource!.terraform_data);
    expect(input).toEqual(
      expect.objectContaining({
        secret_namespace: 'tenants',
        secret_name: 'tcp-alpha-admin-kubeconfig',
        management_kubeconfig: '~/.kube/config',
      }),
    );
  });

  test("a fleet's node stack reads the control plane stack's kubeconfig variable across stacks", () => {
    const text = `managementCluster:
  context: kamaji-admin@management
controlPlanes:
  - name: tcp-charlie
    pools:
      - name: default-pool
        infrastructure:
          bring-your-own: {}
`;
    const app = Testing.app();
    const stacks = buildFleet(app, text, 'fleet.yaml');
    // The whole app: CDKTF links its stacks then.
    app.synth();
    const json = JSON.parse(Testing.synth(stacks.nodeStacks[0], true));
    const input = drainInput(json.resource.terraform_data);
    expect(input.management_kubeconfig).toMatch(
      /^\$\{nonsensitive\(data\.terraform_remote_state\.[\w-]+\.outputs\.[\w-]+\)\}$/,
    );
    expect(input.management_context).toBe('kamaji-admin@management');
    expect(JSON.stringify(input)).not.toContain('admin.conf');
  });
});
