/** Synth-time checks of MAAS pool props. Pure module: no CDKTF import. */
import { Errors, Problem } from '../../errors';
import { FieldChecks } from '../../private/field-checks';
import { IsUnresolved } from '../../private/unresolved';
import type { MaasBareMetalProps, MaasVmHostProps } from './maas-infrastructure';

export function validateMaasProps(
  props: MaasBareMetalProps | MaasVmHostProps,
  vmHosts: MaasVmHostProps | undefined,
  replicas: number,
  isUnresolved: IsUnresolved,
): Problem[] {
  const check = new FieldChecks('infrastructure.', isUnresolved);
  const series = props.distroSeries;
  if (series !== undefined && !isUnresolved(series) && !/^[a-z][a-z0-9/.-]*$/.test(series)) {
    check.problems.push(Errors.badDistroSeries(check.field('distroSeries'), series));
  }
  if (vmHosts) {
    check.notEmptyList('vmHosts', vmHosts.vmHosts);
    check.wholeNumber('cores', vmHosts.cores, 1, 512);
    check.wholeNumber('memoryMiB', vmHosts.memoryMiB, 1024, 4 * 1024 * 1024);
    check.notEmptyList('storageDisks', vmHosts.storageDisks);
    (vmHosts.storageDisks ?? []).forEach((disk, i) =>
      check.wholeNumber(`storageDisks[${i}].sizeGiB`, disk.sizeGiB, 1, 65_536),
    );
    return check.problems;
  }
  const bare = props as MaasBareMetalProps;
  if (bare.hostnames && !isUnresolved(bare.hostnames) && bare.hostnames.length < replicas) {
    check.problems.push(Errors.tooFewHostnames(check.field('hostnames'), bare.hostnames, replicas));
  }
  check.wholeNumber('minCpuCount', bare.minCpuCount, 1, 4096);
  check.wholeNumber('minMemoryMiB', bare.minMemoryMiB, 1, 64 * 1024 * 1024);
  return check.problems;
}
