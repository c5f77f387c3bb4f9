/**
 * Issue #20 item 4: starting a rollout must not change the control plane. The kubelet
 * configuration a control plane serves is what an old node rebuilt mid-rollout
 * (`terraform apply -replace`) joins with, so the rollout's old generation counts as a
 * kubelet the control plane serves until its last node is gone: step 0 is the
 * configuration before the rollout, byte for byte, and only the last step (no old
 * node left) drops the old kubelet's compatibility patches.
 */
import { Testing, TerraformStack } from 'cdktf';
import { ControlPlaneStack } from '../../examples/common/control-plane-stack';
import {
  BringYourOwnMachines,
  buildFleet,
  KubernetesVersion,
  NodePool,
  RolloutStrategy,
} from '../../src';
import { refusalMessage } from '../support/refusal';
import { onlyManifestResource, synthesize } from '../support/synth';

const FROM = 'v1.34.2';
const TO = 'v1.35.7';
/** replicas 3, maxSurge 1, maxUnavailable 1: steps 0..4, old nodes left until step 3. */
const STEPS = [0, 1, 2, 3, 4];
const LAST = 4;

/** The pool before the rollout (`step` undefined) or at a step of it. */
interface PoolState {
  readonly version: string;
  readonly step?: number;
}

const BEFORE: PoolState = { version: FROM };
const AFTER: PoolState = { version: TO };
const atStep = (step: number): PoolState => ({ version: TO, step });

/** The TenantControlPlane resource of the two-stack layout: control plane, then its pool. */
function twoStacks(state: PoolState): string {
  const app = Testing.app();
  const { controlPlane } = new ControlPlaneStack(app, 'control-plane');
  const nodes = new TerraformStack(app, 'nodes');
  new NodePool(nodes, 'default-pool', {
    controlPlane,
    name: 'default-pool',
    replicas: 3,
    infrastructure: new BringYourOwnMachines(),
    kubernetesVersion: KubernetesVersion.of(state.version),
    ...(state.step !== undefined && {
      rollout: {
        fromKubernetesVersion: KubernetesVersion.of(FROM),
        step: state.step,
        strategy: RolloutStrategy.rollingUpdate({ maxSurge: 1, maxUnavailable: 1 }),
      },
    }),
  });
  synthesize(nodes);
  const controlPlaneStack = app.node.findChild('control-plane') as TerraformStack;
  return JSON.stringify(onlyManifestResource(synthesize(controlPlaneStack)));
}

/** The same from a fleet file: stack `control-planes`, the pool in `nodes-tcp-charlie`. */
function fleet(state: PoolState): string {
  const rollout =
    state.step === undefined
      ? ''
      : `
        rollout:
          fromKubernetesVersion: ${FROM}
          step: ${state.step}
          strategy: { maxSurge: 1, maxUnavailable: 1 }`;
  const text = `controlPlanes:
  - name: tcp-charlie
    kubernetesVersion: ${TO}
    deletionProtection: false
    pools:
      - name: default-pool
        replicas: 3
        kubernetesVersion: ${state.version}
        infrastructure: { bring-your-own: {} }${rollout}
`;
  const stacks = buildFleet(Testing.app(), text, 'fleet.yaml');
  synthesize(stacks.controlPlanes[0].nodePools[0].node.scope as TerraformStack);
  return JSON.stringify(onlyManifestResource(synthesize(stacks.controlPlaneStack!)));
}

/** The compatibility patches of kubelet 1.34 in a rendered TenantControlPlane. */
function removedFields(resource: string): string[] {
  const patches: Array<{ op: string; path: string }> =
    JSON.parse(resource).manifest.spec.kubernetes.kubelet.configurationJSONPatches;
  return patches.filter((p) => p.op === 'remove').map((p) => p.path);
}

describe.each([
  ['control plane and pool in two stacks', twoStacks],
  ['a fleet file (control-planes and nodes-tcp-charlie)', fleet],
])('a rollout from v1.34.2 to v1.35.7 and the control plane, %s', (_, render) => {
  const before = render(BEFORE);
  const after = render(AFTER);

  test('the v1.34 compatibility patches exist before the rollout and not after it', () => {
    // kubelet 1.34 refuses these fields of Kamaji's 1.35 defaults (its feature gates are off)
    const v134Only = [
      '/imagePullCredentialsVerificationPolicy',
      '/preloadedImagesVerificationAllowlist',
    ];
    expect(removedFields(before)).toEqual(expect.arrayContaining(v134Only));
    expect(removedFields(after)).not.toEqual(expect.arrayContaining(v134Only));
  });

  test.each(STEPS.filter((s) => s < LAST))(
    'step %i, old nodes still running, serves the configuration of before the rollout, byte for byte',
    (step) => {
      expect(render(atStep(step))).toBe(before);
    },
  );

  test('the last step, no old node left, drops the v1.34 patches', () => {
    expect(render(atStep(LAST))).toBe(after);
  });
});

describe('a rollout and a pinned oldest kubelet', () => {
  const pinned = (step: number) => () => {
    const app = Testing.app();
    const { controlPlane } = new ControlPlaneStack(app, 'control-plane', {
      kubelet: { oldestKubeletVersion: KubernetesVersion.of('v1.35.0') },
    });
    const nodes = new TerraformStack(app, 'nodes');
    new NodePool(nodes, 'default-pool', {
      controlPlane,
      name: 'default-pool',
      replicas: 3,
      infrastructure: new BringYourOwnMachines(),
      rollout: { fromKubernetesVersion: KubernetesVersion.of(FROM), step },
    });
    synthesize(nodes);
    return nodes;
  };

  test('fails while old nodes run a kubelet older than the control plane serves', () => {
    // GIVEN oldestKubeletVersion v1.35.0, WHEN step 3 still holds a v1.34.2 node, THEN
    expect(refusalMessage(pinned(3))).toContain(
      'nodes/default-pool: rollout.fromKubernetesVersion: received "v1.34.2"; control plane tcp-charlie serves a kubelet configuration for kubelets from v1.35 on; set its kubelet.oldestKubeletVersion to this pool\'s minor or older, or use v1.35 or newer here',
    );
  });

  test('passes at the last step, when no old node is left', () => {
    expect(() => pinned(LAST)()).not.toThrow();
  });
});
