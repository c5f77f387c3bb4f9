/**
 * A bad fleet file fails with every problem at once, one per line, each naming the
 * file, the path in the document and the line and column of the offending key or value.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { buildFleet, buildFleetFromFile, FleetFileError } from '../../src';

/** The lines of the FleetFileError that building `text` as `fleet.yaml` throws. */
function errorLines(text: string, file = 'fleet.yaml'): string[] {
  try {
    buildFleet(Testing.app(), text, file);
  } catch (e) {
    if (!(e instanceof FleetFileError)) throw e;
    return e.message.split('\n');
  }
  throw new Error('expected the fleet file to be refused');
}

describe('fleet file errors', () => {
  test('fails on an unknown key, suggesting the near miss or listing the keys allowed', () => {
    // GIVEN
    const text = `namespace: kamaji-tenant
controlPlanes:
  - name: tcp-alpha
    replica: 2
    pools:
      - name: default-pool
        colour: blue
        infrastructure:
          openstack: {}
`;
    // WHEN / THEN
    expect(errorLines(text)).toEqual([
      'fleet.yaml:4:5: controlPlanes[0].replica: unknown key "replica"; did you mean "replicas"?',
      'fleet.yaml:7:9: controlPlanes[0].pools[0].colour: unknown key "colour"; allowed keys: name, replicas, retiredNodes, drain, kubernetesVersion, labels, taints, addressing, bootstrap, joinHealth, rollout, infrastructure',
      'fleet.yaml:9:11: controlPlanes[0].pools[0].infrastructure.openstack: unknown key "openstack"; allowed keys: vsphere, proxmox, maas-bare-metal, maas-vm-hosts, cloud-director, bring-your-own',
    ]);
  });

  test('fails on a wrong type, showing the value received', () => {
    const text = `controlPlanes:
  - name: tcp-alpha
    replicas: two
    serviceType: LB
    labels:
      critical: true
    pools:
      - name: default-pool
        taints:
          - { key: dedicated, effect: NoShedule }
        bootstrap:
          files:
            - { path: /etc/motd, content: hello, permissions: 0600 }
        infrastructure:
          proxmox: { nodes: pve-1, templateVmId: "9000", snippetsDatastore: local }
`;
    expect(errorLines(text)).toEqual([
      'fleet.yaml:3:15: controlPlanes[0].replicas: received "two"; must be a whole number',
      'fleet.yaml:4:18: controlPlanes[0].serviceType: received "LB"; must be one of "ClusterIP", "NodePort", "LoadBalancer"',
      'fleet.yaml:6:17: controlPlanes[0].labels.critical: received true; must be a string',
      'fleet.yaml:10:39: controlPlanes[0].pools[0].taints[0].effect: received "NoShedule"; must be one of "NoSchedule", "PreferNoSchedule", "NoExecute"',
      // YAML 1.2 reads 0600 as the number 600: file modes must be quoted.
      'fleet.yaml:13:63: controlPlanes[0].pools[0].bootstrap.files[0].permissions: received 600; must be a string',
      'fleet.yaml:15:29: controlPlanes[0].pools[0].infrastructure.proxmox.nodes: received "pve-1"; must be a list',
      'fleet.yaml:15:50: controlPlanes[0].pools[0].infrastructure.proxmox.templateVmId: received "9000"; must be a whole number',
    ]);
  });

  test('fails on a missing required field, at the line of the entry that lacks it', () => {
    const text = `controlPlanes:
  - replicas: 2
  - name: tcp-beta
    pools:
      - name: default-pool
      - name: system-pool
        infrastructure:
          proxmox:
            nodes: [pve-1]
            snippetsDatastore: local
`;
    expect(errorLines(text)).toEqual([
      'fleet.yaml:2:5: controlPlanes[0]: missing required key "name"',
      'fleet.yaml:5:9: controlPlanes[1].pools[0]: missing required key "infrastructure"',
      'fleet.yaml:9:13: controlPlanes[1].pools[1].infrastructure.proxmox: missing required key "templateVmId"',
    ]);
  });

  test('fails unless a pool names exactly one infrastructure', () => {
    const text = `controlPlanes:
  - name: tcp-alpha
    pools:
      - name: a
        infrastructure: {}
      - name: b
        infrastructure:
          bring-your-own: {}
          maas-bare-metal: {}
`;
    expect(errorLines(text)).toEqual([
      'fleet.yaml:5:25: controlPlanes[0].pools[0].infrastructure: received none; give exactly one of vsphere, proxmox, maas-bare-metal, maas-vm-hosts, cloud-director, bring-your-own',
      'fleet.yaml:8:11: controlPlanes[0].pools[1].infrastructure: received "bring-your-own" and "maas-bare-metal"; give exactly one of vsphere, proxmox, maas-bare-metal, maas-vm-hosts, cloud-director, bring-your-own',
    ]);
  });

  test('fails on a duplicate pool name within a control plane', () => {
    const text = `controlPlanes:
  - name: tcp-charlie
    pools:
      - name: default-pool
        infrastructure: { bring-your-own: {} }
      - name: default-pool
        replicas: 2
        infrastructure: { bring-your-own: {} }
  - name: tcp-delta
    pools:
      - name: default-pool
        infrastructure: { bring-your-own: {} }
`;
    expect(errorLines(text)).toEqual([
      'fleet.yaml:6:15: controlPlanes[0].pools[1].name: duplicate pool name "default-pool" (first declared at line 4); names must be unique within a control plane',
    ]);
  });

  test('fails on a duplicate control plane name, made or existing', () => {
    const text = `controlPlanes:
  - name: tcp-alpha
  - name: tcp-alpha
existingControlPlanes:
  - name: tcp-alpha
    kubernetesVersion: v1.34.1
    pools:
      - name: default-pool
        infrastructure: { bring-your-own: {} }
`;
    expect(errorLines(text)).toEqual([
      'fleet.yaml:3:11: controlPlanes[1].name: duplicate control plane name "tcp-alpha" (first declared at line 2); names must be unique in the fleet',
      'fleet.yaml:5:11: existingControlPlanes[0].name: duplicate control plane name "tcp-alpha" (first declared at line 2); names must be unique in the fleet',
    ]);
  });

  test("fails on the library's own checks at the offending value: a bad CIDR", () => {
    const text = `namespace: kamaji-tenant
controlPlanes:
  - name: tcp-alpha
    networkProfile:
      serviceCidrs:
        - 10.96.0.0/33
      podCidrs: [10.244.0.1/16]
`;
    expect(errorLines(text)).toEqual([
      'fleet.yaml:6:11: controlPlanes[0].networkProfile.serviceCidrs[0]: received "10.96.0.0/33"; must be a CIDR block such as "10.96.0.0/16" or "fd00::/108"',
      'fleet.yaml:7:18: controlPlanes[0].networkProfile.podCidrs[0]: received "10.244.0.1/16"; must be given by its network address: did you mean "10.244.0.0/16"?',
    ]);
  });

  test("maps the library's pool and infrastructure fields to the file's spelling", () => {
    const text = `controlPlanes:
  - name: tcp-charlie
    pools:
      - name: default-pool
        replicas: 3
        addressing:
          staticRange:
            cidr: 192.0.2.0/24
            first: 192.0.2.253
            gateway: 192.0.2.1
        infrastructure: { bring-your-own: {} }
      - name: system-pool
        kubernetesVersion: v1.36.1
        infrastructure: { bring-your-own: {} }
      - name: application-pool
        infrastructure:
          proxmox:
            nodes: [pve-1]
            templateVmId: 42
            snippetsDatastore: local
      - name: vsphere-pool
        infrastructure:
          vsphere: { datacenter: dc-1, datastore: ds-1, networks: [tenant], template: ubuntu }
`;
    expect(errorLines(text)).toEqual([
      'fleet.yaml:9:20: controlPlanes[0].pools[0].addressing.staticRange.first: received "192.0.2.253"; 3 nodes from this address do not fit 192.0.2.0/24 (host addresses end at 192.0.2.254); start lower or use a larger network',
      'fleet.yaml:13:28: controlPlanes[0].pools[1].kubernetesVersion: received "v1.36.1"; the kubelet may not be newer than its control plane (v1.35.7); use that minor or an older one',
      'fleet.yaml:19:27: controlPlanes[0].pools[2].infrastructure.proxmox.templateVmId: received 42; must be a whole number from 100 to 999999999',
      'fleet.yaml:23:20: controlPlanes[0].pools[3].infrastructure.vsphere: infrastructure.computeCluster, infrastructure.resourcePool: received {}; give exactly one of them',
    ]);
  });

  test('points an inherited value at the line it comes from: the fleet namespace', () => {
    const text = `namespace: Kamaji_Tenant
controlPlanes:
  - name: tcp-alpha
  - name: tcp-beta
    namespace: kamaji-tenant
`;
    expect(errorLines(text)).toEqual([
      'fleet.yaml:1:12: namespace: received "Kamaji_Tenant"; must be an RFC 1123 label: at most 63 characters, lower-case letters, digits and "-", starting and ending with a letter or digit',
    ]);
  });

  test('reports schema problems and library problems of other entries at once', () => {
    const text = `controlPlanes:
  - name: tcp-alpha
    replicas: many
  - name: tcp-beta
    kubernetesVersion: v1.29.0
  - name: Tcp-Gamma
`;
    expect(errorLines(text)).toEqual([
      'fleet.yaml:3:15: controlPlanes[0].replicas: received "many"; must be a whole number',
      'fleet.yaml:5:24: controlPlanes[1].kubernetesVersion: received "v1.29.0"; this Kamaji release supports Kubernetes v1.30 to v1.36; choose a version in that range',
      'fleet.yaml:6:11: controlPlanes[2].name: received "Tcp-Gamma"; must be an RFC 1035 label: at most 63 characters, lower-case letters, digits and "-", starting with a letter and ending with a letter or digit',
    ]);
  });

  test('follows anchors and merge keys to the line that holds the value', () => {
    const text = `controlPlanes:
  - name: tcp-charlie
    pools:
      - name: default-pool
        infrastructure:
          proxmox: &proxmox
            nodes: [pve-1]
            templateVmId: 7
            snippetsDatastore: local
      - name: system-pool
        infrastructure:
          proxmox:
            <<: *proxmox
            diskInterface: nvme0
`;
    expect(errorLines(text)).toEqual([
      'fleet.yaml:8:27: controlPlanes[0].pools[0].infrastructure.proxmox.templateVmId: received 7; must be a whole number from 100 to 999999999',
      'fleet.yaml:8:27: controlPlanes[0].pools[1].infrastructure.proxmox.templateVmId: received 7; must be a whole number from 100 to 999999999',
      'fleet.yaml:14:28: controlPlanes[0].pools[1].infrastructure.proxmox.diskInterface: received "nvme0"; must be a Proxmox disk interface such as "scsi0", "virtio0" or "sata0"',
    ]);
  });

  test("fails on values outside the providers' closed sets, at their place", () => {
    const text = `providers:
  proxmox: { minTls: "1.4" }
  cloud-director: { authType: password }
controlPlanes:
  - name: tcp-alpha
    pools:
      - name: default-pool
        infrastructure:
          proxmox:
            nodes: [pve-1]
            templateVmId: 9000
            snippetsDatastore: local
            networkDevices: [{ bridge: vmbr0, model: virtio-net }]
      - name: system-pool
        infrastructure:
          cloud-director:
            { catalog: c, template: t, orgNetwork: n, diskBusType: scsi, ipAllocationMode: STATIC }
`;
    expect(errorLines(text)).toEqual([
      'fleet.yaml:2:22: providers.proxmox.minTls: received "1.4"; must be one of "1.0", "1.1", "1.2", "1.3"',
      'fleet.yaml:3:31: providers.cloud-director.authType: received "password"; must be one of "integrated", "saml_adfs", "token", "api_token", "api_token_file", "service_account_token_file"',
      'fleet.yaml:13:54: controlPlanes[0].pools[0].infrastructure.proxmox.networkDevices[0].model: received "virtio-net"; must be one of "e1000", "e1000e", "rtl8139", "virtio", "vmxnet3"',
      'fleet.yaml:17:68: controlPlanes[0].pools[1].infrastructure.cloud-director.diskBusType: received "scsi"; must be one of "ide", "parallel", "sas", "paravirtual", "sata", "nvme"',
      'fleet.yaml:17:92: controlPlanes[0].pools[1].infrastructure.cloud-director.ipAllocationMode: received "STATIC"; must be one of "DHCP", "POOL", "MANUAL"',
    ]);
  });

  test('fails on a state backend Terraform would refuse, at its lines, with the other problems', () => {
    const text = `stateBackend:
  s3:
    bucket: ""
    region: eu-west-1
    keyPrefix: /kamaji
controlPlanes:
  - name: tcp-alpha
    replicas: -1
`;
    expect(errorLines(text)).toEqual([
      'fleet.yaml:3:13: stateBackend.s3.bucket: received ""; must not be empty',
      'fleet.yaml:5:16: stateBackend.s3.keyPrefix: received "/kamaji"; must not be empty, start or end with "/" or contain "//": Terraform refuses such state keys',
      'fleet.yaml:8:15: controlPlanes[0].replicas: received -1; must be a whole number, 0 or more',
    ]);
  });

  test("fails on a stack's state Secret suffix the kubernetes backend refuses", () => {
    const text = `stateBackend:
  kubernetes: { namespace: kamaji-system }
existingControlPlanes:
  - name: tcp-1
    kubernetesVersion: v1.35.7
    pools:
      - { name: default-pool, infrastructure: { bring-your-own: {} } }
`;
    expect(errorLines(text)).toEqual([
      'fleet.yaml:2:15: stateBackend.kubernetes.secretSuffixPrefix: received "cdktf-kamaji-"; makes the state Secret suffix "cdktf-kamaji-nodes-tcp-1" for stack "nodes-tcp-1", which ends in "-<number>": Terraform refuses that, as it numbers the chunks of large states so; rename the stack (for a fleet: the control plane) so it does not end in "-<number>"',
    ]);
  });

  test('fails on YAML syntax: a key given twice, an unclosed list', () => {
    const text = `controlPlanes:
  - name: tcp-alpha
    name: tcp-beta
  - [tcp-gamma
`;
    expect(errorLines(text)).toEqual([
      'fleet.yaml:3:5: controlPlanes[0].name: YAML: key "name" is given twice in this mapping (first at line 2); give each key once',
      'fleet.yaml:5:1: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  test('fails on an empty file and on a file with no control plane', () => {
    expect(errorLines('')).toEqual(['fleet.yaml:1:1: received null; must be a mapping']);
    expect(errorLines('namespace: kamaji-tenant\n')).toEqual([
      'fleet.yaml:1:1: declares no control plane; give controlPlanes or existingControlPlanes',
    ]);
  });

  test('names the file as buildFleetFromFile was given it, and gives each problem as data', () => {
    // GIVEN
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-fleet-'));
    const file = path.join(dir, 'fleet.yaml');
    fs.writeFileSync(file, 'controlPlanes:\n  - name: tcp-alpha\n    replicas: -1\n');
    try {
      // WHEN
      let error: FleetFileError | undefined;
      try {
        buildFleetFromFile(Testing.app(), file);
      } catch (e) {
        error = e as FleetFileError;
      }
      // THEN
      expect(error).toBeInstanceOf(FleetFileError);
      expect(error!.problems).toEqual([
        {
          file,
          line: 3,
          column: 15,
          path: 'controlPlanes[0].replicas',
          message: 'received -1; must be a whole number, 0 or more',
        },
      ]);
      expect(error!.message).toBe(
        `${file}:3:15: controlPlanes[0].replicas: received -1; must be a whole number, 0 or more`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('fails when the file cannot be read, in one line', () => {
    expect(() => buildFleetFromFile(Testing.app(), 'no-such-fleet.yaml')).toThrow(
      new FleetFileError([
        { file: 'no-such-fleet.yaml', line: 0, column: 0, path: '', message: 'no such file' },
      ]),
    );
  });
});

describe("a fleet file gets the library's refusals (issue #22 item 4)", () => {
  const SSH_KEY =
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExampleExample ops@example.com';

  /** The lines building `text` reports, [] when it builds. */
  const fleetProblems = (text: string): string[] => {
    try {
      buildFleet(Testing.app(), text, 'fleet.yaml');
      return [];
    } catch (e) {
      if (!(e instanceof FleetFileError)) throw e;
      return e.message.split('\n');
    }
  };

  test('replicas and labels, refused by the schema in the words of the library', () => {
    const text = `controlPlanes:
  - name: tcp-alpha
    replicas: 100000
    labels: { tier: "a b" }
`;
    expect(fleetProblems(text)).toEqual([
      expect.stringMatching(
        /^fleet\.yaml:3:15: controlPlanes\[0\]\.replicas: received 100000; must be/,
      ),
      expect.stringMatching(
        /^fleet\.yaml:4:21: controlPlanes\[0\]\.labels\.tier: received "a b"; must be a Kubernetes label value/,
      ),
    ]);
  });

  test('the DNS room, __proto__ and an admin named root, refused by the library', () => {
    const text = `controlPlanes:
  - name: tcp-alpha
    networkProfile:
      serviceCidrs: ["fd00::/128"]
      podCidrs: ["fd01::/48"]
    specOverrides:
      dataStoreOptions:
        __proto__: { x: 1 }
  - name: tcp-beta
    pools:
      - name: default-pool
        infrastructure: { bring-your-own: {} }
        bootstrap:
          adminUser: { name: root, sshAuthorizedKeys: ["${SSH_KEY}"] }
`;
    expect(fleetProblems(text)).toEqual([
      expect.stringMatching(
        /^fleet\.yaml:4:22: controlPlanes\[0\]\.networkProfile\.serviceCidrs\[0\]: received "fd00::\/128"; has no room/,
      ),
      expect.stringMatching(
        /^fleet\.yaml:8:20: controlPlanes\[0\]\.specOverrides\.dataStoreOptions\.__proto__: received \{"x":1\}; is a key/,
      ),
      expect.stringMatching(
        /controlPlanes\[1\]\.pools\[0\]\.bootstrap\.adminUser\.name: received "root"; must not be root/,
      ),
    ]);
  });

  test('a yaki sha256 in upper-case hex builds', () => {
    const text = `controlPlanes:
  - name: tcp-alpha
    pools:
      - name: default-pool
        infrastructure: { bring-your-own: {} }
        bootstrap:
          yaki:
            url: https://mirror.example.com/yaki
            sha256: ${'AB'.repeat(32)}
`;
    expect(fleetProblems(text)).toEqual([]);
  });
});
