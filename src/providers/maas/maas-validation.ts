/** Synth-time checks of MAAS pool props. Pure module: no CDKTF import. */
import { Errors, Problem } from '../../errors';
import { IsUnresolved } from '../../private/unresolved';
import type { MaasBareMetalProps, MaasVmHostProps } from './maas-infrastructure';

export function validateMaasProps(
  props: MaasBareMetalProps | MaasVmHostProps,
  vmHosts: MaasVmHostProps | undefined,
  replicas: number,
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
  if (
    props.distroSeries !== undefined &&
    !isUnresolved(props.distroSeries) &&
    !/^[a-z][a-z0-9/.-]*$/.test(props.distroSeries)
  ) {
    problems.push(Errors.badDistroSeries(f('distroSeries'), props.distroSeries));
  }
  if (vmHosts) {
    if (!isUnresolved(vmHosts.vmHosts) && vmHosts.vmHosts.length === 0)
      problems.push(Errors.noneGiven(f('vmHosts')));
    whole('cores', vmHosts.cores, 1, 512);
    whole('memoryMiB', vmHosts.memoryMiB, 1024, 4 * 1024 * 1024);
    if (vmHosts.storageDisks !== undefined && vmHosts.storageDisks.length === 0)
      problems.push(Errors.noneGiven(f('storageDisks')));
    (vmHosts.storageDisks ?? []).forEach((disk, i) =>
      whole(`storageDisks[${i}].sizeGiB`, disk.sizeGiB, 1, 65_536),
    );
    return problems;
  }
  const bare = props as MaasBareMetalProps;
  if (bare.hostnames && !isUnresolved(bare.hostnames) && bare.hostnames.length < replicas) {
    problems.push(Errors.tooFewHostnames(f('hostnames'), bare.hostnames, replicas));
  }
  whole('minCpuCount', bare.minCpuCount, 1, 4096);
  whole('minMemoryMiB', bare.minMemoryMiB, 1, 64 * 1024 * 1024);
  return problems;
}
