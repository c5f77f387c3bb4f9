/** Synth-time checks of vSphere pool props. Pure module: no CDKTF import. */
import { Errors, Problem } from '../../errors';
import { IsUnresolved } from '../../private/unresolved';
import type { VSphereInfrastructureProps } from './vsphere-infrastructure';

export function validateVSphereProps(
  props: VSphereInfrastructureProps,
  isUnresolved: IsUnresolved,
): Problem[] {
  const problems: Problem[] = [];
  const f = (name: string) => `infrastructure.${name}`;
  if ((props.computeCluster === undefined) === (props.resourcePool === undefined)) {
    problems.push(
      Errors.exactlyOneOf(`${f('computeCluster')}, ${f('resourcePool')}`, {
        computeCluster: props.computeCluster,
        resourcePool: props.resourcePool,
      }),
    );
  }
  if (props.antiAffinity && props.computeCluster === undefined) {
    problems.push(
      Errors.requires(
        f('antiAffinity'),
        true,
        'computeCluster: vSphere DRS rules belong to a cluster',
      ),
    );
  }
  if (!isUnresolved(props.networks) && props.networks.length === 0)
    problems.push(Errors.noneGiven(f('networks')));
  const whole = (name: string, value: number | undefined, lowest: number, highest: number) => {
    if (
      value !== undefined &&
      !isUnresolved(value) &&
      !(Number.isInteger(value) && value >= lowest && value <= highest)
    ) {
      problems.push(Errors.outOfRange(f(name), value, lowest, highest));
    }
  };
  whole('cpus', props.cpus, 1, 768);
  whole('coresPerSocket', props.coresPerSocket, 1, 768);
  whole('memoryMiB', props.memoryMiB, 1024, 24 * 1024 * 1024);
  whole('diskGiB', props.diskGiB, 1, 62 * 1024);
  whole('waitForGuestNetTimeoutMinutes', props.waitForGuestNetTimeoutMinutes, 0, 1440);
  const cpus = props.cpus ?? 2;
  if (
    props.coresPerSocket !== undefined &&
    !isUnresolved(cpus) &&
    !isUnresolved(props.coresPerSocket) &&
    cpus % props.coresPerSocket !== 0
  ) {
    problems.push(Errors.notMultipleOf(f('cpus'), cpus, props.coresPerSocket, 'coresPerSocket'));
  }
  if (
    props.memoryMiB !== undefined &&
    !isUnresolved(props.memoryMiB) &&
    props.memoryMiB % 4 !== 0
  ) {
    problems.push(
      Errors.notMultipleOf(f('memoryMiB'), props.memoryMiB, 4, 'vSphere memory granularity'),
    );
  }
  return problems;
}
