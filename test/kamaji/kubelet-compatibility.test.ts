/**
 * Mixed kubelet versions (issue #16): the kubelet configuration a control plane serves
 * must be readable by every pool it may have, as the tables of
 * src/kamaji/kubelet-compatibility-data.ts model Kamaji, the kubelet and kubeadm.
 */
import { JsonPatchOp, KubernetesVersion, NodePool, TenantControlPlane } from '../../src';
import {
  compatibilityPatches,
  kubeadmJoinProblem,
  lenientOnlyFields,
  readKubeletConfiguration,
} from '../../src/kamaji/kubelet-compatibility';
import { kamajiKubeletConfiguration } from '../../src/kamaji/kubelet-compatibility-data';
import {
  admitPool,
  effectiveKubeletConfiguration,
  KubeletConfigurationInputs,
  readingProblems,
  serveKubelets,
} from '../../src/kamaji/kubelet-configuration';
import { checkVersion } from '../../src/kamaji/tenant-control-plane-validation';
import { renderTenantControlPlane } from '../../src/kamaji/tenant-control-plane-spec';
import { applyJsonPatch, JsonPatchOperation } from '../../src/private/json-patch';
import { FakeInfrastructure } from '../support/fake-infrastructure';
import { refusalMessage } from '../support/refusal';
import { newStack, onlyManifestResource, synthesize } from '../support/synth';

const INPUTS: KubeletConfigurationInputs = {
  cgroupDriver: 'systemd',
  clusterDomain: 'cluster.local',
  clusterDns: ['10.96.0.10'],
};
const version = (minor: number) => KubernetesVersion.of(`v1.${minor}.2`);
const notUnresolved = () => false;

describe('the table', () => {
  test('reproduces Kamaji issue 1062: the unpatched configuration breaks kubelet 1.34, not 1.35', () => {
    // GIVEN what Kamaji 26.8 renders, with no patch at all
    const rendered = kamajiKubeletConfiguration(INPUTS);
    // THEN
    expect(readKubeletConfiguration(rendered, 34).errors).toEqual([
      'crashLoopBackOff.maxContainerRestartPeriod must not be set: feature gate KubeletCrashLoopBackOffMax is not enabled',
      'imagePullCredentialsVerificationPolicy must not be set: feature gate KubeletEnsureSecretPulledImages is not enabled',
    ]);
    expect(readKubeletConfiguration(rendered, 35)).toEqual({ unknownFields: [], errors: [] });
    expect(readKubeletConfiguration(rendered, 30).unknownFields).toEqual(
      expect.arrayContaining([
        '/failCgroupV1',
        '/crashLoopBackOff',
        '/mergeDefaultEvictionSettings',
      ]),
    );
  });

  test('a gate switched on in featureGates is honoured, an unknown one refused', () => {
    const rendered = kamajiKubeletConfiguration(INPUTS);
    const gated = { ...rendered, featureGates: { KubeletCrashLoopBackOffMax: true, KubeletEnsureSecretPulledImages: true } };
    expect(readKubeletConfiguration(gated, 34).errors).toEqual([]);
    expect(readKubeletConfiguration(gated, 32).errors).toContain(
      'featureGates: unrecognized feature gate: KubeletEnsureSecretPulledImages',
    );
  }); // prettier-ignore

  test('a replace of /cgroupDriver fails on what Kamaji renders (issue 1310), an add applies', () => {
    const rendered = kamajiKubeletConfiguration(INPUTS);
    expect(() =>
      applyJsonPatch(rendered, [{ op: 'replace', path: '/cgroupDriver', value: 'systemd' }]),
    ).toThrow('/cgroupDriver does not exist');
    expect(
      applyJsonPatch(rendered, [{ op: 'add', path: '/cgroupDriver', value: 'systemd' }]),
    ).toMatchObject({ cgroupDriver: 'systemd' });
  });

  test.each([27, 30, 33, 35, 36])(
    'every removal for oldest kubelet 1.%i applies whether or not Kamaji rendered the field',
    (oldest) => {
      const patches = compatibilityPatches(oldest);
      const bare = Object.fromEntries(
        Object.entries(kamajiKubeletConfiguration(INPUTS)).filter(
          ([key]) => !patches.some((p) => p.op === 'remove' && p.path === `/${key}`),
        ),
      );
      expect(() => applyJsonPatch(kamajiKubeletConfiguration(INPUTS), patches)).not.toThrow();
      expect(() => applyJsonPatch(bare, patches)).not.toThrow();
      // A bare remove of an absent field would fail Kamaji's kubelet-config phase.
      for (const removal of patches.filter((p) => p.op === 'remove')) {
        expect(() => applyJsonPatch(bare, [removal])).toThrow('does not exist');
      }
    },
  );
});

describe('every control plane minor with every pool minor within the skew', () => {
  const cells: Array<[number, number]> = [];
  for (let cp = 30; cp <= 36; cp++) {
    for (let pool = cp - 3; pool <= cp; pool++) cells.push([cp, pool]);
  }

  function refusedAtSynth(cp: number, pool: number): boolean {
    if (checkVersion('kubernetesVersion', version(pool), notUnresolved).length > 0) return true;
    const key = {};
    serveKubelets(key, { name: 'tcp', controlPlaneMinor: cp, explicitProp: 'p', inputs: INPUTS });
    return admitPool(key, version(pool), 'kubernetesVersion').length > 0;
  }

  test.each(cells)('control plane v1.%i, pool v1.%i', (cp, pool) => {
    const kubeadm = kubeadmJoinProblem(pool, cp);
    if (pool < 31) {
      // kubeadm before 1.31 cannot read the v1beta4 kubeadm-config Kamaji writes, and
      // the library's pools start at v1.30: such pools are refused, never rendered.
      expect(kubeadm ?? checkVersion('v', version(pool), notUnresolved)[0]).toBeDefined();
      expect(refusedAtSynth(cp, pool)).toBe(true);
      return;
    }
    expect(kubeadm).toBeUndefined();
    expect(refusedAtSynth(cp, pool)).toBe(false);
    // The pool alone, and the pool beside the oldest pool the control plane may have.
    for (const oldest of new Set([pool, Math.max(cp - 3, 31)])) {
      const config = effectiveKubeletConfiguration(INPUTS, oldest);
      const reading = readKubeletConfiguration(config, pool);
      expect(reading.errors).toEqual([]);
      // Strict, but for what Kamaji's re-encoding always writes back (read leniently).
      expect(reading.unknownFields).toEqual(lenientOnlyFields(pool));
      expect(config.cgroupDriver).toBe('systemd');
    }
  });

  test('only kubelets before 1.32 read anything leniently, and only /crashLoopBackOff', () => {
    expect(lenientOnlyFields(30)).toEqual(['/crashLoopBackOff']);
    expect(lenientOnlyFields(31)).toEqual(['/crashLoopBackOff']);
    expect(lenientOnlyFields(32)).toEqual([]);
  });
});

describe('TenantControlPlane', () => {
  function patchesOf(stack: ReturnType<typeof newStack>): JsonPatchOperation[] {
    return onlyManifestResource(synthesize(stack)).manifest.spec.kubernetes.kubelet
      .configurationJSONPatches;
  }

  test('serves the oldest pool of the app, registered after the control plane', () => {
    // GIVEN
    const stack = newStack();
    const tcp = new TenantControlPlane(stack, 'tcp', {
      name: 'tcp-alpha',
      kubernetesVersion: KubernetesVersion.of('v1.36.1'),
    });
    // WHEN
    tcp.addNodePool('new', { name: 'new', infrastructure: new FakeInfrastructure() });
    tcp.addNodePool('old', {
      name: 'old',
      infrastructure: new FakeInfrastructure(),
      kubernetesVersion: KubernetesVersion.of('v1.34.5'),
    });
    // THEN the 1.34 pool reads it; the fields 1.34 refuses are gone
    const patches = patchesOf(stack);
    expect(patches).toContainEqual({ op: 'remove', path: '/imagePullCredentialsVerificationPolicy' });
    expect(patches).toContainEqual({ op: 'add', path: '/crashLoopBackOff', value: {} });
    const config = applyJsonPatch(kamajiKubeletConfiguration(INPUTS), patches) as any;
    expect(readingProblems(config, 34)).toEqual([]);
  }); // prettier-ignore

  test('with only pools of its own minor, strips nothing they read', () => {
    const stack = newStack();
    const tcp = new TenantControlPlane(stack, 'tcp', {
      name: 'tcp-alpha',
      kubernetesVersion: KubernetesVersion.of('v1.35.7'),
    });
    tcp.addNodePool('p', { name: 'p', infrastructure: new FakeInfrastructure() });
    expect(patchesOf(stack).map((p) => p.path)).not.toContain(
      '/imagePullCredentialsVerificationPolicy',
    );
  });

  test("without pools, serves the control plane's minor minus three (not below v1.31)", () => {
    const render = (v: string) =>
      renderTenantControlPlane({ name: 't', kubernetesVersion: KubernetesVersion.of(v) }, notUnresolved);
    const patchesFor = (v: string) => (render(v) as any).spec.kubernetes.kubelet.configurationJSONPatches;
    expect(patchesFor('v1.36.1')).toEqual([
      ...compatibilityPatches(33),
      { op: 'add', path: '/cgroupDriver', value: 'systemd' },
    ]);
    expect(patchesFor('v1.33.4')).toEqual([
      ...compatibilityPatches(31),
      { op: 'add', path: '/cgroupDriver', value: 'systemd' },
    ]);
  }); // prettier-ignore

  test("a user's own patch comes after ours, and both apply", () => {
    // GIVEN
    const stack = newStack();
    new TenantControlPlane(stack, 'tcp', {
      name: 'tcp-alpha',
      kubernetesVersion: KubernetesVersion.of('v1.35.7'),
      kubelet: {
        oldestKubeletVersion: KubernetesVersion.of('v1.33.0'),
        configurationJsonPatches: [
          { op: JsonPatchOp.REPLACE, path: '/maxPods', value: 250 },
          { op: JsonPatchOp.ADD, path: '/systemReserved', value: { cpu: '500m', memory: '1Gi' } },
        ],
      },
    });
    // WHEN
    const patches = patchesOf(stack);
    // THEN ours (compatibility, cgroup driver), then the user's, in order
    expect(patches.slice(-3)).toEqual([
      { op: 'add', path: '/cgroupDriver', value: 'systemd' },
      { op: 'replace', path: '/maxPods', value: 250 },
      { op: 'add', path: '/systemReserved', value: { cpu: '500m', memory: '1Gi' } },
    ]);
    expect(patches.slice(0, -3)).toEqual(compatibilityPatches(33));
    const config = applyJsonPatch(kamajiKubeletConfiguration(INPUTS), patches) as any;
    expect(config).toMatchObject({ maxPods: 250, cgroupDriver: 'systemd' });
    expect(readingProblems(config, 33)).toEqual([]);
  });

  test('fails when a pool is older than oldestKubeletVersion', () => {
    const message = refusalMessage(() => {
      const stack = newStack();
      const tcp = new TenantControlPlane(stack, 'tcp', {
        name: 'tcp-alpha',
        kubernetesVersion: KubernetesVersion.of('v1.35.7'),
        kubelet: { oldestKubeletVersion: KubernetesVersion.of('v1.34.0') },
      });
      tcp.addNodePool('p', {
        name: 'p',
        infrastructure: new FakeInfrastructure(),
        kubernetesVersion: KubernetesVersion.of('v1.33.4'),
      });
      synthesize(stack);
    });
    expect(message).toContain(
      'test/tcp/p: kubernetesVersion: received "v1.33.4"; control plane tcp-alpha serves a kubelet configuration for kubelets from v1.34 on; set its kubelet.oldestKubeletVersion to this pool\'s minor or older, or use v1.34 or newer here',
    );
  });

  test('fails when a pool of an imported control plane is older than its oldestKubeletVersion', () => {
    const message = refusalMessage(() => {
      const stack = newStack();
      const tcp = TenantControlPlane.fromTenantControlPlaneAttributes(stack, 'tcp', {
        name: 'tcp-beta',
        kubernetesVersion: KubernetesVersion.of('v1.34.1'),
        oldestKubeletVersion: KubernetesVersion.of('v1.33.0'),
      });
      new NodePool(stack, 'p', {
        controlPlane: tcp,
        name: 'p',
        infrastructure: new FakeInfrastructure(),
        kubernetesVersion: KubernetesVersion.of('v1.32.9'),
      });
      synthesize(stack);
    });
    expect(message).toContain('received "v1.32.9"; control plane tcp-beta serves a kubelet configuration for kubelets from v1.33 on; set its oldestKubeletVersion (an attribute of the import)');
  }); // prettier-ignore

  test('fails when a pool is too old for kubeadm to join', () => {
    const message = refusalMessage(() => {
      const stack = newStack();
      const tcp = new TenantControlPlane(stack, 'tcp', {
        name: 'tcp-alpha',
        kubernetesVersion: KubernetesVersion.of('v1.33.4'),
      });
      tcp.addNodePool('p', {
        name: 'p',
        infrastructure: new FakeInfrastructure(),
        kubernetesVersion: KubernetesVersion.of('v1.30.14'),
      });
      synthesize(stack);
    });
    expect(message).toContain(
      'test/tcp/p: kubernetesVersion: received "v1.30.14"; cannot join control plane tcp-alpha: its kubeadm cannot read the cluster\'s kubeadm-config (kubeadm.k8s.io/v1beta4, read from v1.31); use v1.31 or newer',
    );
  });

  test('fails when user patches bring back a field the oldest kubelet refuses', () => {
    const message = refusalMessage(() => {
      const stack = newStack();
      new TenantControlPlane(stack, 'tcp', {
        name: 'tcp-alpha',
        kubernetesVersion: KubernetesVersion.of('v1.35.7'),
        kubelet: {
          oldestKubeletVersion: KubernetesVersion.of('v1.34.0'),
          configurationJsonPatches: [
            { op: JsonPatchOp.ADD, path: '/crashLoopBackOff', value: { maxContainerRestartPeriod: '1m' } },
          ],
        },
      });
      synthesize(stack);
    });
    expect(message).toContain('kubelet.configurationJsonPatches: received');
    expect(message).toContain('that kubelet v1.34, the oldest this control plane serves, refuses: crashLoopBackOff.maxContainerRestartPeriod must not be set: feature gate KubeletCrashLoopBackOffMax is not enabled');
  }); // prettier-ignore

  test('fails when a user patch removes a path Kamaji does not render', () => {
    const message = refusalMessage(() => {
      const stack = newStack();
      new TenantControlPlane(stack, 'tcp', {
        name: 'tcp-alpha',
        kubelet: { configurationJsonPatches: [{ op: JsonPatchOp.REMOVE, path: '/resolvConf' }] },
      });
      synthesize(stack);
    });
    expect(message).toContain(
      'test/tcp: kubelet.configurationJsonPatches[0]: received {"op":"remove","path":"/resolvConf"}; does not apply to the kubelet configuration Kamaji renders (/resolvConf does not exist)',
    );
  });

  test('fails when oldestKubeletVersion is outside the skew or newer than the control plane', () => {
    const message = refusalMessage(() => {
      const stack = newStack();
      new TenantControlPlane(stack, 'tcp', {
        name: 'tcp-alpha',
        kubernetesVersion: KubernetesVersion.of('v1.36.1'),
        kubelet: { oldestKubeletVersion: KubernetesVersion.of('v1.32.0') },
      });
      synthesize(stack);
    });
    expect(message).toContain(
      'test/tcp: kubelet.oldestKubeletVersion: received "v1.32.0"; must be a kubelet version from v1.33',
    );
  });
});
