/**
 * Loading a fleet file safely (issue #12, item 16): aliases as real files use them,
 * alias bombs, large files in linear time, a size cap, missing files and custom tags,
 * each refused with one line per problem and no stack trace.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { buildFleet, buildFleetFromFile, FleetFileError } from '../../src';
import { MAX_FLEET_FILE_BYTES } from '../../src/config/fleet-file';

/** The lines of the FleetFileError that `build` throws; fails the test on any other error. */
function fleetErrorLines(build: () => unknown): string[] {
  try {
    build();
  } catch (e) {
    if (!(e instanceof FleetFileError)) throw e;
    return e.message.split('\n');
  }
  throw new Error('expected the fleet file to be refused');
}

const errorLines = (text: string) =>
  fleetErrorLines(() => buildFleet(Testing.app(), text, 'fleet.yaml'));

/** A scratch directory, removed after `use`. */
function inTempDir<T>(use: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-fleet-'));
  try {
    return use(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A control plane whose `labels` are `entries`, one `key: value` per line. */
function controlPlaneWithLabels(entries: string[]): string {
  return `controlPlanes:\n  - name: tcp-alpha\n    labels:\n${entries.map((e) => `      ${e}\n`).join('')}`;
}

describe('fleet file loading', () => {
  test('loads a valid fleet that uses one anchor 150 times (the yaml library stops at 100)', () => {
    // GIVEN: a pool shared by merge key 150 times, the way real fleets share settings.
    const pools = Array.from(
      { length: 150 },
      (_, i) => `      - { <<: *pool, name: pool-${String(i).padStart(3, '0')} }\n`,
    ).join('');
    const text = `controlPlanes:
  - name: tcp-alpha
    deletionProtection: false
    pools:
      - &pool
        name: pool-base
        replicas: 0
        infrastructure: { bring-your-own: {} }
${pools}`;
    // WHEN
    const fleet = buildFleet(Testing.app(), text, 'fleet.yaml');
    // THEN
    expect(fleet.controlPlanes[0].nodePools).toHaveLength(151);
    expect(fleet.controlPlanes[0].nodePools[150].name).toBe('pool-149');
  });

  test('refuses an alias bomb in one line naming the file, before expanding it', () => {
    // GIVEN: "billion laughs", nine levels of nine aliases each: 9^9 values.
    const levels = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 9; i++) {
      const [name, previous] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    const text = `${levels.join('\n')}\ncontrolPlanes: [{ name: tcp-alpha, labels: { x: *i } }]\n`;
    // WHEN
    const started = performance.now();
    const lines = errorLines(text);
    const seconds = (performance.now() - started) / 1000;
    // THEN: at the alias that crosses the limit; expanding it would take minutes and GBs.
    expect(lines).toEqual([
      'fleet.yaml:7:8: g[0]: YAML: aliases expand the file to more than 1048576 values; a fleet file may expand to at most 1048576 (as many as a 4 MiB file holds): is this an alias bomb? Use fewer or smaller aliases',
    ]);
    expect(seconds).toBeLessThan(5);
  });

  test('loads 40,000 keys of one mapping in linear time (the old duplicate check was quadratic)', () => {
    // GIVEN
    const text = controlPlaneWithLabels(
      Array.from({ length: 40_000 }, (_, i) => `example.com/key-${i}: v`),
    );
    // WHEN
    const started = performance.now();
    const fleet = buildFleet(Testing.app(), text, 'fleet.yaml');
    const seconds = (performance.now() - started) / 1000;
    // THEN: a jest timeout cannot stop synchronous code, so the time is asserted, with a
    // bound generous for a loaded machine: this takes about 3 s here and took 60 s before
    // the fix (25 s on the issue's machine).
    expect(fleet.controlPlanes).toHaveLength(1);
    expect(seconds).toBeLessThan(15);
  });

  test('still finds a key given twice among many, by the line of both', () => {
    const entries = Array.from({ length: 1000 }, (_, i) => `example.com/key-${i}: v`);
    entries.push('example.com/key-7: w');
    expect(errorLines(controlPlaneWithLabels(entries))).toEqual([
      'fleet.yaml:1004:7: controlPlanes[0].labels["example.com/key-7"]: YAML: key "example.com/key-7" is given twice in this mapping (first at line 11); give each key once',
    ]);
  });

  test('a key and its quoted twin are the same key once read', () => {
    expect(errorLines(controlPlaneWithLabels(['1: a', '"1": b']))).toEqual([
      'fleet.yaml:5:7: controlPlanes[0].labels["1"]: YAML: key "1" is given twice in this mapping (first at line 4); give each key once',
    ]);
  });

  test('refuses a file above the size cap, read or given as text, without parsing it', () => {
    const text = `# ${'x'.repeat(MAX_FLEET_FILE_BYTES)}\ncontrolPlanes: [{ name: tcp-alpha }]\n`;
    const message =
      'received more than 4 MiB (4194304 bytes); a fleet file may hold at most 4 MiB, over 10 times the largest fleet we know of: is this the right file?';
    expect(errorLines(text)).toEqual([`fleet.yaml: ${message}`]);
    inTempDir((dir) => {
      const file = path.join(dir, 'big.yaml');
      fs.writeFileSync(file, text);
      expect(fleetErrorLines(() => buildFleetFromFile(Testing.app(), file))).toEqual([
        `${file}: ${message}`,
      ]);
    });
  });

  test('accepts a file of exactly the size cap', () => {
    const head = 'controlPlanes: [{ name: tcp-alpha }]\n# ';
    const text = `${head}${'x'.repeat(MAX_FLEET_FILE_BYTES - head.length - 1)}\n`;
    expect(Buffer.byteLength(text)).toBe(MAX_FLEET_FILE_BYTES);
    expect(buildFleet(Testing.app(), text, 'fleet.yaml').controlPlanes).toHaveLength(1);
  });

  test('a missing file is one line, not a stack trace', () => {
    inTempDir((dir) => {
      const file = path.join(dir, 'fleet.yaml');
      expect(fleetErrorLines(() => buildFleetFromFile(Testing.app(), file))).toEqual([
        `${file}: no such file`,
      ]);
      expect(fleetErrorLines(() => buildFleetFromFile(Testing.app(), dir))).toEqual([
        `${dir}: is a directory, not a fleet file`,
      ]);
    });
  });

  test('refuses custom and non-JSON tags at their value, instead of reading them as strings', () => {
    const text = `controlPlanes:
  - name: !Ref ControlPlaneName
    labels:
      a: !!binary aGVsbG8=
      b: !!str 5
      c: !<tag:example.com,2000:x> y
    annotations: !!set { x }
`;
    expect(errorLines(text)).toEqual([
      'fleet.yaml:2:16: controlPlanes[0].name: YAML: received the tag !Ref; a fleet file holds plain values: remove the tag (only the YAML core tags !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are read)',
      'fleet.yaml:4:19: controlPlanes[0].labels.a: YAML: received the tag !!binary; a fleet file holds plain values: remove the tag (only the YAML core tags !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are read)',
      'fleet.yaml:6:36: controlPlanes[0].labels.c: YAML: received the tag !<tag:example.com,2000:x>; a fleet file holds plain values: remove the tag (only the YAML core tags !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are read)',
      'fleet.yaml:7:24: controlPlanes[0].annotations: YAML: received the tag !!set; a fleet file holds plain values: remove the tag (only the YAML core tags !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are read)',
    ]);
  });

  test('refuses aliases that lead nowhere, into themselves, or merge a non-mapping', () => {
    const text = `controlPlanes:
  - name: *nowhere
    labels: &self { a: *self }
    annotations: { <<: 5 }
    serviceLabels: { ? [a, b] : c }
`;
    expect(errorLines(text)).toEqual([
      'fleet.yaml:2:11: controlPlanes[0].name: YAML: alias *nowhere has no anchor &nowhere before it; define the anchor first',
      'fleet.yaml:3:24: controlPlanes[0].labels.a: YAML: alias *self is inside the value it stands for; an alias may not contain itself',
      'fleet.yaml:4:24: controlPlanes[0].annotations: YAML: a merge key << takes a mapping, an alias of one, or a list of them',
      'fleet.yaml:5:24: controlPlanes[0].serviceLabels: YAML: a mapping key must be a plain value, not a list or mapping',
    ]);
  });

  test('refuses YAML 1.1, where yes, no and dates would change type', () => {
    expect(errorLines('%YAML 1.1\n---\ncontrolPlanes: [{ name: tcp-alpha }]\n')).toEqual([
      'fleet.yaml:1:1: YAML: received %YAML 1.1; fleet files are YAML 1.2: remove the directive',
    ]);
  });
});
