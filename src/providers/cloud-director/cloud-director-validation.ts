/** Synth-time checks of Cloud Director pool props. Pure module: no CDKTF import. */
import { Errors, Problem } from '../../errors';
import { IsUnresolved } from '../../private/unresolved';
import type {
  CloudDirectorInfrastructureProps,
  IpAllocationMode,
} from './cloud-director-infrastructure';

export function validateCloudDirectorProps(
  props: CloudDirectorInfrastructureProps,
  mode: IpAllocationMode,
  dhcpAddressing: boolean,
  isUnresolved: IsUnresolved,
): Problem[] {
  const problems: Problem[] = [];
  const f = (name: string) => `infrastructure.${name}`;
  const whole = (name: string, value: number | undefined, lowest: number, highest: number) => {
    if (
      value !== undefined &&
      !isUnresolved(value) &&
      !(Number.isInteger(value) && value >= lowest && value <= highest)
    ) {
      problems.push(Errors.outOfRange(f(name), value, lowest, highest));
    }
  };
  for (const name of ['catalog', 'template', 'orgNetwork'] as const) {
    const value = props[name];
    if (!isUnresolved(value) && value.trim() === '')
      problems.push(Errors.emptyValue(f(name), value));
  }
  whole('cpus', props.cpus, 1, 768);
  whole('cpuCores', props.cpuCores, 1, 768);
  whole('memoryMiB', props.memoryMiB, 1024, 24 * 1024 * 1024);
  whole('diskGiB', props.diskGiB, 1, 62 * 1024);
  const cpus = props.cpus ?? 2;
  if (
    props.cpuCores !== undefined &&
    !isUnresolved(props.cpuCores) &&
    !isUnresolved(cpus) &&
    cpus % props.cpuCores !== 0
  ) {
    problems.push(Errors.notMultipleOf(f('cpus'), cpus, props.cpuCores, 'cpuCores'));
  }
  if (mode === 'MANUAL' && dhcpAddressing) {
    problems.push(
      Errors.requires(
        f('ipAllocationMode'),
        mode,
        'a static range: addressing: NodeAddressing.staticRange({...})',
      ),
    );
  }
  if (mode !== 'MANUAL' && !dhcpAddressing) {
    problems.push(Errors.staticRangeUnused(f('ipAllocationMode'), mode));
  }
  return problems;
}
