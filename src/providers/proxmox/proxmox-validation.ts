/** Synth-time checks of Proxmox pool props. Pure module: no CDKTF import. */
import { Problem } from '../../errors';
import { CommonMessages } from '../../private/common-messages';
import { ProviderMessages } from '../provider-messages';
import { FieldChecks, InputChecks } from '../../private/field-checks';
import { IsUnresolved } from '../../private/unresolved';
import type { ProxmoxInfrastructureProps } from './proxmox-infrastructure';

export function validateProxmoxProps(
  props: ProxmoxInfrastructureProps,
  isUnresolved: IsUnresolved,
): Problem[] {
  if (props === undefined || props === null)
    return [CommonMessages.missingProps(props, 'infrastructure')];
  const check = new FieldChecks('infrastructure.', isUnresolved);
  if (props.nodes === undefined || props.nodes === null) {
    check.problems.push(CommonMessages.required(check.field('nodes'), props.nodes));
  }
  check.notEmptyList('nodes', props.nodes);
  check.uniqueNames('nodes', props.nodes, 'Proxmox nodes the machines are spread over');
  // Proxmox VE VM ids run from 100 to 999999999.
  check.problems.push(...InputChecks.required(check.field('templateVmId'), props.templateVmId));
  check.wholeNumber('templateVmId', props.templateVmId, 100, 999_999_999);
  check.optionalName('templateNode', props.templateNode);
  check.requiredName('snippetsDatastore', props.snippetsDatastore);
  check.optionalName('diskDatastore', props.diskDatastore);
  check.optionalName('cloudInitDatastore', props.cloudInitDatastore);
  check.optionalName('cpuType', props.cpuType);
  check.knownList('networkDevices', props.networkDevices, 'network devices');
  check.knownList('tags', props.tags, 'tags');
  check.wholeNumber('diskGiB', props.diskGiB, 1, 65_536);
  check.wholeNumber('cpuCores', props.cpuCores, 1, 512);
  check.wholeNumber('cpuSockets', props.cpuSockets, 1, 16);
  check.wholeNumber('memoryMiB', props.memoryMiB, 512, 4 * 1024 * 1024);
  if (
    props.diskInterface !== undefined &&
    !isUnresolved(props.diskInterface) &&
    !/^(scsi|virtio|sata|ide)[0-9]+$/.test(String(props.diskInterface))
  ) {
    check.problems.push(
      ProviderMessages.badDiskInterface(check.field('diskInterface'), props.diskInterface),
    );
  }
  check.notEmptyList('networkDevices', props.networkDevices);
  (Array.isArray(props.networkDevices) ? props.networkDevices : []).forEach((device, i) => {
    check.requiredName(`networkDevices[${i}].bridge`, device?.bridge);
    check.optionalName(`networkDevices[${i}].model`, device?.model);
    check.wholeNumber(`networkDevices[${i}].vlanId`, device?.vlanId, 1, 4094);
  });
  (Array.isArray(props.tags) ? props.tags : []).forEach((tag, i) => {
    if (!isUnresolved(tag) && !(typeof tag === 'string' && /^[a-z0-9_][a-z0-9_.+-]*$/.test(tag))) {
      check.problems.push(ProviderMessages.badProxmoxTag(check.field(`tags[${i}]`), tag));
    }
  });
  return check.problems;
}
