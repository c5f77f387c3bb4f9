/**
 * NodePool composes the version rollout (issue #14 item 2): the configuration of each
 * step holds the planner's nodes, old ones made with the old version, and the synth
 * says what the step does and what comes next.
 */
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { VcdProvider } from '../../src/.gen/providers/vcd/provider';
import {
  buildFleet,
  CloudDirectorInfrastructure,
  CloudDirectorInfrastructureProps,
  VSphereInfrastructure,
  VSphereInfrastructureProps,
  JoinHealth,
  KubernetesVersion,
  NodePool,
  NodePoolOptions,
  PoolRolloutOptions,
  RolloutStrategy,
  TenantControlPlane,
} from '../../src';
import { FakeInfrastructure } from '../support/fake-infrastructure';
import { refusalMessage } from '../support/refusal';
import { newStack, synthesize } from '../support/synth';

/**
 * The stack's JSON without the step guard of the pool's ledger record (issue #20): it
 * refuses a plan, changes no resource. Its override is listed in the metadata too.
 */
function withoutStepGuard(json: any): any {
  const copy = JSON.parse(JSON.stringify(json));
  for (const [name, record] of Object.entries<any>(copy.resource.terraform_data)) {
    if (name.includes('_ledger-retired_')) {
      expect(record.lifecycle.precondition[0].error_message).toContain('rollout step 4');
      // The retired-nodes guard, every pool's, stays: both configurations have it.
      record.lifecycle.precondition.shift();
    }
  }
  return copy;
}

function poolStack(rollout?: Partial<PoolRolloutOptions>, options: Partial<NodePoolOptions> = {}) {
  const stack = newStack();
  const controlPlane = new TenantControlPlane(stack, 'tcp', {
    name: 'tcp-charlie',
    kubernetesVersion: KubernetesVersion.of('v1.36.2'),
  });
  const pool = new NodePool(stack, 'default-pool', {
    controlPlane,
    name: 'default-pool',
    infrastructure: new FakeInfrastructure(),
    replicas: 3,
    ...(rollout && {
      rollout: {
        fromKubernetesVersion: KubernetesVersion.of('v1.35.7'),
        step: 0,
        ...rollout,
      } as PoolRolloutOptions,
    }),
    ...options,
  });
  return { stack, pool };
}

const suffixes = (pool: NodePool) => pool.nodes.map((n) => n.node.id);
/** The version in the join script of a node's user-data (the fake machine keeps it in keepers). */
function versionsOf(stack: ReturnType<typeof newStack>): Array<[string, string | undefined]> {
  const machines = synthesize(stack).json.resource!.random_string as Record<string, any>;
  const nodes = Object.entries(machines).filter(([key]) => /node-\d+/.test(key));
  return nodes.map(([key, machine]) => {
    const userData = parse(machine.keepers.user_data);
    const file = userData.write_files.find((f: any) => f.path === '/usr/local/sbin/kamaji-join');
    const script = Buffer.from(file.content, 'base64').toString();
    return [/node-\d+/.exec(key)![0], /export KUBERNETES_VERSION='(v[\d.]+)'/.exec(script)?.[1]];
  });
}

describe('a pool version rollout', () => {
  test('each step holds the nodes the planner gives, from node-00..02 to node-03..05', () => {
    expect(suffixes(poolStack({ step: 0 }).pool)).toEqual(['node-00', 'node-01', 'node-02']);
    expect(suffixes(poolStack({ step: 1 }).pool)).toEqual([
      'node-00',
      'node-01',
      'node-02',
      'node-03',
    ]);
    expect(suffixes(poolStack({ step: 2 }).pool)).toEqual([
      'node-01',
      'node-02',
      'node-03',
      'node-04',
    ]);
    expect(suffixes(poolStack({ step: 4 }).pool)).toEqual(['node-03', 'node-04', 'node-05']);
    // Without a rollout, the pool is as it was: replicas and retiredNodes.
    expect(suffixes(poolStack().pool)).toEqual(['node-00', 'node-01', 'node-02']);
  });

  test('old nodes keep the old version in their user-data, new ones get the pool version', () => {
    expect(versionsOf(poolStack({ step: 2 }).stack)).toEqual([
      ['node-01', 'v1.35.7'],
      ['node-02', 'v1.35.7'],
      ['node-03', 'v1.36.2'],
      ['node-04', 'v1.36.2'],
    ]);
  });

  test('a rollout without joinHealth is warned about, once; with it, not', () => {
    // (this machine may have no ~/.kube/config, the test provider's path: another warning)
    const warnings = (pool: NodePool) =>
      pool.node.metadata
        .filter((m) => m.type === '@cdktf/warn' && String(m.data).includes('rollout'))
        .map((m) => m.data);
    const without = poolStack({ step: 1 }).pool;
    expect(warnings(without)).toEqual([
      expect.stringContaining(
        `${without.node.path}: rollout without joinHealth: an apply then ends before its new nodes are Ready`,
      ),
    ]);
    expect(without.node.metadata.filter((m) => m.type === '@cdktf/warn')[0].trace).toBeUndefined();
    expect(
      warnings(poolStack({ step: 1 }, { joinHealth: JoinHealth.failAfter(600) }).pool),
    ).toEqual([]);
  });

  test('the synth says what the step does and what comes next', () => {
    const infos = (pool: NodePool) =>
      pool.node.metadata.filter((m) => m.type === '@cdktf/info').map((m) => m.data);
    // without a stack trace: manifest.json must not hold this machine's paths (design D6)
    const { pool } = poolStack({ step: 1 });
    const traces = pool.node.metadata.filter((m) => m.type === '@cdktf/info').map((m) => m.trace);
    expect(traces).toEqual([undefined]);
    expect(infos(poolStack({ step: 2 }).pool)).toEqual([
      'Pool default-pool: rollout v1.35.7 -> v1.36.2, step 2 of 4: makes node-04; drains and retires node-00. Next apply: step 3.',
    ]);
    expect(infos(poolStack({ step: 4 }).pool)).toEqual([
      'Pool default-pool: rollout v1.35.7 -> v1.36.2, step 4 of 4: makes none; drains and retires node-02. Rollout complete: set retiredNodes to [0, 1, 2] and remove rollout (an empty plan).',
    ]);
  });

  test('the completed rollout and the pool written without it are the same configuration', () => {
    const done = synthesize(poolStack({ step: 4 }).stack).json;
    const after = synthesize(poolStack(undefined, { retiredNodes: [0, 1, 2] }).stack).json;
    // but the last step's guard in the ledger, a precondition that changes no resource
    expect(withoutStepGuard(done)).toEqual(after);
  });

  test('the strategy decides the steps: maxSurge 0 replaces in place', () => {
    const strategy = RolloutStrategy.rollingUpdate({ maxSurge: 0 });
    expect(suffixes(poolStack({ step: 1, strategy }).pool)).toEqual([
      'node-01',
      'node-02',
      'node-03',
    ]);
  });

  test('fails when the step is not one of the rollout', () => {
    const message = refusalMessage(() => {
      synthesize(poolStack({ step: 5 }).stack);
    });
    expect(message).toContain(
      'rollout.step: received 5; must be a step of this rollout, a whole number from 0 to 4; raise it by one per apply',
    );
  });

  test('fails when the strategy may drain no node', () => {
    const message = refusalMessage(() => {
      const strategy = RolloutStrategy.rollingUpdate({ maxUnavailable: 0 });
      synthesize(poolStack({ step: 1, strategy }).stack);
    });
    expect(message).toContain('rollout.strategy.maxUnavailable: received 0;');
  });

  test('fails when fromKubernetesVersion is not a KubernetesVersion', () => {
    const message = refusalMessage(() => {
      synthesize(poolStack({ fromKubernetesVersion: 'v1.35.7' as never }).stack);
    });
    expect(message).toContain(
      'rollout.fromKubernetesVersion: received "v1.35.7"; must be made with',
    );
  });

  describe('the skew policy holds for the old generation too', () => {
    const refusal = (rollout: Partial<PoolRolloutOptions>, options?: Partial<NodePoolOptions>) =>
      refusalMessage(() => {
        synthesize(poolStack(rollout, options).stack);
      });

    test('fails when nodes left on the old version are four minors behind the control plane', () => {
      // GIVEN a control plane on v1.36.2, a pool following it, rolling from v1.32.9
      const old = { fromKubernetesVersion: KubernetesVersion.of('v1.32.9') };
      // THEN every step that still holds a v1.32.9 node is refused
      for (const step of [0, 1, 3]) {
        expect({ step, message: refusal({ ...old, step }) }).toEqual({
          step,
          message: expect.stringContaining(
            `default-pool: rollout.fromKubernetesVersion: received "v1.32.9"; the nodes still on this version during the rollout would be outside the skew policy of the control plane's v1.36.2 (kubelets at most three minors older, never newer); finish the rollout (step 4) before the control plane changes`,
          ),
        });
      }
    });

    test('fails when the old generation is newer than the control plane', () => {
      // GIVEN a control plane on v1.35.7, a pool rolled back from v1.36.2 to it
      const message = refusalMessage(() => {
        const stack = newStack();
        const controlPlane = new TenantControlPlane(stack, 'tcp', {
          name: 'tcp-charlie',
          kubernetesVersion: KubernetesVersion.of('v1.35.7'),
        });
        controlPlane.addNodePool('default-pool', {
          name: 'default-pool',
          infrastructure: new FakeInfrastructure(),
          rollout: { fromKubernetesVersion: KubernetesVersion.of('v1.36.2'), step: 1 },
        });
        synthesize(stack);
      });
      expect(message).toContain(
        `rollout.fromKubernetesVersion: received "v1.36.2"; the nodes still on this version during the rollout would be outside the skew policy of the control plane's v1.35.7`,
      );
    });

    test('accepts three minors behind, and a last step that leaves no old node', () => {
      expect(() =>
        synthesize(
          poolStack({ fromKubernetesVersion: KubernetesVersion.of('v1.33.9'), step: 2 }).stack,
        ),
      ).not.toThrow();
      const done = poolStack({ fromKubernetesVersion: KubernetesVersion.of('v1.32.9'), step: 4 });
      expect(suffixes(done.pool)).toEqual(['node-03', 'node-04', 'node-05']);
    });
  });

  test('in a fleet file', () => {
    const text = `controlPlanes:
  - name: tcp-charlie
    kubernetesVersion: v1.36.2
    pools:
      - name: default-pool
        replicas: 3
        rollout:
          fromKubernetesVersion: v1.35.7
          step: 1
          strategy: { maxSurge: 2, maxUnavailable: 1 }
        infrastructure:
          bring-your-own: {}
`;
    const stacks = buildFleet(Testing.app(), text, 'fleet.yaml');
    const pool = stacks.nodeStacks[0].node.findAll().find((c) => c instanceof NodePool) as NodePool;
    expect(suffixes(pool)).toEqual(['node-00', 'node-01', 'node-02', 'node-03', 'node-04']);
  });

  test('the schema refuses a rollout without its step and a maxUnavailable of 0', () => {
    const text = `controlPlanes:
  - name: tcp-charlie
    pools:
      - name: default-pool
        rollout: { fromKubernetesVersion: v1.35.7, strategy: { maxUnavailable: 0 } }
        infrastructure:
          bring-your-own: {}
`;
    expect(() => buildFleet(Testing.app(), text, 'fleet.yaml')).toThrow(/step/);
    expect(() => buildFleet(Testing.app(), text, 'fleet.yaml')).toThrow(/maxUnavailable/);
  });
});

describe('a pool machine spec rollout (issue #14 item 3)', () => {
  const VSPHERE: VSphereInfrastructureProps = {
    datacenter: 'dc-1',
    computeCluster: 'cluster-1',
    datastore: 'vsan',
    networks: ['tenant-nodes'],
    template: 'ubuntu-24.04',
    antiAffinity: true,
  };

  function vspherePool(
    step: number | undefined,
    from: Partial<VSphereInfrastructureProps> = { template: 'ubuntu-22.04' },
    options: Partial<NodePoolOptions> = {},
  ) {
    const stack = newStack();
    new VsphereProvider(stack, 'vsphere', { user: 'u', password: 'p' });
    const controlPlane = new TenantControlPlane(stack, 'tcp', {
      name: 'tcp-charlie',
      kubernetesVersion: KubernetesVersion.of('v1.36.2'),
    });
    const pool = new NodePool(stack, 'default-pool', {
      controlPlane,
      name: 'default-pool',
      replicas: 3,
      infrastructure: new VSphereInfrastructure(VSPHERE),
      ...(step !== undefined && {
        rollout: { fromInfrastructure: new VSphereInfrastructure({ ...VSPHERE, ...from }), step },
      }),
      ...options,
    });
    return { stack, pool };
  }

  /** Each machine's template, by node: the name its template lookup reads. */
  function templatesOf(stack: ReturnType<typeof newStack>): Record<string, string> {
    const json = synthesize(stack).json;
    const lookups = json.data!.vsphere_virtual_machine;
    const vms = json.resource!.vsphere_virtual_machine as Record<string, any>;
    return Object.fromEntries(
      Object.entries(vms).map(([key, vm]) => {
        const lookup = /data\.vsphere_virtual_machine\.([^.]+)\.id/.exec(
          vm.clone.template_uuid,
        )![1];
        return [/node-\d+/.exec(key)![0], lookups[lookup].name as string];
      }),
    );
  }

  test('old nodes are made from the old template, new ones from the new', () => {
    expect(templatesOf(vspherePool(0).stack)).toEqual({
      'node-00': 'ubuntu-22.04',
      'node-01': 'ubuntu-22.04',
      'node-02': 'ubuntu-22.04',
    });
    expect(templatesOf(vspherePool(2).stack)).toEqual({
      'node-01': 'ubuntu-22.04',
      'node-02': 'ubuntu-22.04',
      'node-03': 'ubuntu-24.04',
      'node-04': 'ubuntu-24.04',
    });
  });

  test('both bindings share one lookup of each datacenter, cluster, datastore and network', () => {
    const json = synthesize(vspherePool(2).stack).json;
    const counts = Object.fromEntries(
      Object.entries(json.data!)
        .filter(([type]) => type.startsWith('vsphere_'))
        .map(([type, byName]) => [type, Object.keys(byName).length]),
    );
    expect(counts).toEqual({
      vsphere_datacenter: 1,
      vsphere_compute_cluster: 1,
      vsphere_datastore: 1,
      vsphere_network: 1,
      vsphere_virtual_machine: 2,
    });
  });

  test("one anti-affinity rule, the pool's, keeps old and new VMs apart", () => {
    const json = synthesize(vspherePool(2).stack).json;
    const rules = Object.values(
      json.resource!.vsphere_compute_cluster_vm_anti_affinity_rule,
    ) as any[];
    expect(rules).toHaveLength(1);
    expect(rules[0].virtual_machine_ids).toHaveLength(4);
  });

  test('the synth says what changes, step by step', () => {
    const infos = (pool: NodePool) =>
      pool.node.metadata.filter((m) => m.type === '@cdktf/info').map((m) => m.data);
    expect(infos(vspherePool(2).pool)).toEqual([
      'Pool default-pool: rollout template ubuntu-22.04 -> ubuntu-24.04, step 2 of 4: makes node-04; drains and retires node-00. Next apply: step 3.',
    ]);
    const both = vspherePool(
      1,
      { template: 'ubuntu-22.04', cpus: 4 },
      {
        kubernetesVersion: KubernetesVersion.of('v1.36.2'),
      },
    );
    expect(infos(both.pool)[0]).toContain(
      'rollout template ubuntu-22.04 -> ubuntu-24.04, cpus 4 -> 2, cores_per_socket 4 -> 2, step 1 of 4',
    );
  });

  test('the completed rollout and the pool written without it are the same configuration', () => {
    const done = synthesize(vspherePool(4).stack).json;
    const after = synthesize(vspherePool(undefined, {}, { retiredNodes: [0, 1, 2] }).stack).json;
    // but the last step's guard in the ledger, a precondition that changes no resource
    expect(withoutStepGuard(done)).toEqual(after);
  });

  test('each node records the spec it is made with, and a check block compares', () => {
    const json = synthesize(vspherePool(undefined).stack).json;
    const drain = Object.values(json.resource!.terraform_data).find(
      (d: any) => d.triggers_replace?.machine_spec,
    ) as any;
    expect(drain.triggers_replace.machine_spec).toEqual({
      template: 'ubuntu-24.04',
      cpus: '2',
      cores_per_socket: '2',
      memory_mib: '4096',
    });
    expect(drain.lifecycle.ignore_changes).toEqual(['triggers_replace']);
    const check = Object.entries(json.check as Record<string, any>).find(([name]) =>
      name.endsWith('_nodes'),
    )![1];
    expect(check.assert[0].error_message).toContain(
      "were made with another machine spec than the pool's (template ubuntu-24.04, cpus 2, cores_per_socket 2, memory_mib 4096)",
    );
  });

  test('fails when the rollout says neither what version nor what infrastructure it comes from', () => {
    const message = refusalMessage(() => {
      synthesize(poolStack({ fromKubernetesVersion: undefined, step: 0 }).stack);
    });
    expect(message).toContain(
      'rollout: received {"step":0}; must say what the nodes were made with before the rollout',
    );
  });

  test('fails when fromInfrastructure is refused, naming its field', () => {
    const message = refusalMessage(() => {
      synthesize(vspherePool(1, { template: '' }).stack);
    });
    expect(message).toContain('rollout.fromInfrastructure.template: received ""');
  });

  test('fails when fromInfrastructure is not an infrastructure', () => {
    const message = refusalMessage(() => {
      synthesize(poolStack({ fromInfrastructure: { template: 'x' } as never, step: 0 }).stack);
    });
    expect(message).toContain('rollout.fromInfrastructure: received {"template":"x"}');
  });

  test('Cloud Director: old and new VMs share the vApp; another org network is refused', () => {
    const build = (from: Partial<CloudDirectorInfrastructureProps>) => {
      const stack = newStack();
      new VcdProvider(stack, 'vcd', { url: 'https://vcd.example.com/api', org: 'tenant-org' });
      const controlPlane = new TenantControlPlane(stack, 'tcp', {
        name: 'tcp-charlie',
        kubernetesVersion: KubernetesVersion.of('v1.36.2'),
      });
      const props = { catalog: 'templates', template: 'ubuntu-24.04', orgNetwork: 'nodes' };
      new NodePool(stack, 'default-pool', {
        controlPlane,
        name: 'default-pool',
        replicas: 2,
        infrastructure: new CloudDirectorInfrastructure(props),
        rollout: {
          fromInfrastructure: new CloudDirectorInfrastructure({ ...props, ...from }),
          step: 1,
        },
      });
      return stack;
    };
    const json = synthesize(build({ template: 'ubuntu-22.04' })).json;
    expect(Object.keys(json.resource!.vcd_vapp)).toHaveLength(1);
    expect(Object.keys(json.resource!.vcd_vapp_vm)).toHaveLength(3);
    const message = refusalMessage(() =>
      synthesize(build({ template: 'ubuntu-22.04', orgNetwork: 'other' })),
    );
    expect(message).toContain(
      'rollout.fromInfrastructure: received {"orgNetwork":"other"}; must keep the pool\'s org, VDC and org network',
    );
  });

  test('two pools on one datacenter and template share their lookups (issue #15)', () => {
    const stack = newStack();
    new VsphereProvider(stack, 'vsphere', { user: 'u', password: 'p' });
    const controlPlane = new TenantControlPlane(stack, 'tcp', {
      name: 'tcp-charlie',
      kubernetesVersion: KubernetesVersion.of('v1.36.2'),
    });
    for (const name of ['default-pool', 'system-pool']) {
      new NodePool(stack, name, {
        controlPlane,
        name,
        infrastructure: new VSphereInfrastructure(VSPHERE),
      });
    }
    const data = synthesize(stack).json.data!;
    expect(Object.keys(data.vsphere_datacenter)).toEqual(['vsphere-datacenter-dc-1']);
    expect(Object.keys(data.vsphere_virtual_machine)).toEqual([
      'vsphere-template-dc-1-ubuntu-24-04',
    ]);
  });

  test('in a fleet file: fromInfrastructure is merged onto the pool infrastructure', () => {
    const text = (from: string) => `controlPlanes:
  - name: tcp-charlie
    kubernetesVersion: v1.36.2
    pools:
      - name: default-pool
        replicas: 2
        rollout:
          fromInfrastructure: ${from}
          step: 1
        infrastructure:
          vsphere:
            datacenter: dc-1
            computeCluster: cluster-1
            datastore: vsan
            networks: [tenant-nodes]
            template: ubuntu-24.04
`;
    const stacks = buildFleet(Testing.app(), text('{ template: ubuntu-22.04 }'), 'fleet.yaml');
    expect(templatesOf(stacks.nodeStacks[0])).toEqual({
      'node-00': 'ubuntu-22.04',
      'node-01': 'ubuntu-22.04',
      'node-02': 'ubuntu-24.04',
    });
    expect(() => buildFleet(Testing.app(), text('{ templateVmId: 9000 }'), 'fleet.yaml')).toThrow(
      /rollout\.fromInfrastructure\.templateVmId: is not a setting of the pool's vsphere infrastructure/,
    );
  });

  test('in a fleet file: each problem of a rollout names its line and field', () => {
    const text = (rollout: string) => `controlPlanes:
  - name: tcp-charlie
    pools:
      - name: default-pool
        rollout: ${rollout}
        infrastructure:
          vsphere: { datacenter: dc-1, computeCluster: c, datastore: d, networks: [n], template: t }
`;
    const problems = (rollout: string) => {
      try {
        buildFleet(Testing.app(), text(rollout), 'fleet.yaml');
        return [];
      } catch (e) {
        return (e as Error).message.split('\n');
      }
    };
    const at = 'fleet.yaml:5:';
    const pool = 'controlPlanes[0].pools[0].rollout';
    expect(problems('{ step: 1 }')).toEqual([
      `${at}18: ${pool}: received {"step":1}; must say what the nodes were made with before the rollout: fromKubernetesVersion (KubernetesVersion.of("v1.35.7")), fromInfrastructure (the infrastructure as it was), or both`,
    ]);
    expect(problems('{ fromInfrastructure: { template: "" }, step: 1 }')).toEqual([
      `${at}52: ${pool}.fromInfrastructure.template: received ""; must not be empty`,
    ]);
    expect(problems('{ fromInfrastructure: { templat: x }, step: 1 }')).toEqual([
      `${at}42: ${pool}.fromInfrastructure.templat: unknown key "templat"; did you mean "template"?`,
    ]);
  });
});
