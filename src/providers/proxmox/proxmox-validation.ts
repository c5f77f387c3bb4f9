/** Synth-time checks of Proxmox pool props. Pure module: no CDKTF import. */
import { Errors, Problem } from '../../errors';
import { IsUnresolved } from '../../private/unresolved';
import type { ProxmoxInfrastructureProps } from './proxmox-infrastructure';

export function validateProxmoxProps(
  props: ProxmoxInfrastructureProps,
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
  const named = (name: string, value: string | undefined) => {
    if (value !== undefined && !isUnresolved(value) && value.trim() === '')
      problems.push(Errors.emptyValue(f(name), value));
  };
  if (!isUnresolved(props.nodes) && props.nodes.length === 0)
    problems.push(Errors.noneGiven(f('nodes')));
  props.nodes.forEach((node, i) => named(`nodes[${i}]`, node));
  // Proxmox VE VM ids run from 100 to 999999999.
  whole('templateVmId', props.templateVmId, 100, 999_999_999);
  named('templateNode', props.templateNode);
  named('snippetsDatastore', props.snippetsDatastore);
  named('diskDatastore', props.diskDatastore);
  named('cloudInitDatastore', props.cloudInitDatastore);
  whole('diskGiB', props.diskGiB, 1, 65_536);
  whole('cpuCores', props.cpuCores, 1, 512);
  whole('cpuSockets', props.cpuSockets, 1, 16);
  whole('memoryMiB', props.memoryMiB, 512, 4 * 1024 * 1024);
  if (
    props.diskInterface !== undefined &&
    !/^(scsi|virtio|sata|ide)[0-9]+$/.test(props.diskInterface)
  ) {
    problems.push(Errors.badDiskInterface(f('diskInterface'), props.diskInterface));
  }
  if (props.networkDevices !== undefined && props.networkDevices.length === 0) {
    problems.push(Errors.noneGiven(f('networkDevices')));
  }
  (props.networkDevices ?? []).forEach((device, i) => {
    named(`networkDevices[${i}].bridge`, device.bridge);
    whole(`networkDevices[${i}].vlanId`, device.vlanId, 1, 4094);
  });
  (props.tags ?? []).forEach((tag, i) => {
    if (!isUnresolved(tag) && !/^[a-z0-9_][a-z0-9_.+-]*$/.test(tag))
      problems.push(Errors.badProxmoxTag(f(`tags[${i}]`), tag));
  });
  return problems;
}
