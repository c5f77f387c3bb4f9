/** Synth-time checks of Proxmox pool props. Pure module: no CDKTF import. */
import { Errors, Problem } from '../../errors';
import { FieldChecks } from '../../private/field-checks';
import { IsUnresolved } from '../../private/unresolved';
import type { ProxmoxInfrastructureProps } from './proxmox-infrastructure';

export function validateProxmoxProps(
  props: ProxmoxInfrastructureProps,
  isUnresolved: IsUnresolved,
): Problem[] {
  const check = new FieldChecks('infrastructure.', isUnresolved);
  check.notEmptyList('nodes', props.nodes);
  props.nodes.forEach((node, i) => check.notEmpty(`nodes[${i}]`, node));
  // Proxmox VE VM ids run from 100 to 999999999.
  check.wholeNumber('templateVmId', props.templateVmId, 100, 999_999_999);
  check.notEmpty('templateNode', props.templateNode);
  check.notEmpty('snippetsDatastore', props.snippetsDatastore);
  check.notEmpty('diskDatastore', props.diskDatastore);
  check.notEmpty('cloudInitDatastore', props.cloudInitDatastore);
  check.wholeNumber('diskGiB', props.diskGiB, 1, 65_536);
  check.wholeNumber('cpuCores', props.cpuCores, 1, 512);
  check.wholeNumber('cpuSockets', props.cpuSockets, 1, 16);
  check.wholeNumber('memoryMiB', props.memoryMiB, 512, 4 * 1024 * 1024);
  if (
    props.diskInterface !== undefined &&
    !/^(scsi|virtio|sata|ide)[0-9]+$/.test(props.diskInterface)
  ) {
    check.problems.push(Errors.badDiskInterface(check.field('diskInterface'), props.diskInterface));
  }
  check.notEmptyList('networkDevices', props.networkDevices);
  (props.networkDevices ?? []).forEach((device, i) => {
    check.notEmpty(`networkDevices[${i}].bridge`, device.bridge);
    check.wholeNumber(`networkDevices[${i}].vlanId`, device.vlanId, 1, 4094);
  });
  (props.tags ?? []).forEach((tag, i) => {
    if (!isUnresolved(tag) && !/^[a-z0-9_][a-z0-9_.+-]*$/.test(tag)) {
      check.problems.push(Errors.badProxmoxTag(check.field(`tags[${i}]`), tag));
    }
  });
  return check.problems;
}
