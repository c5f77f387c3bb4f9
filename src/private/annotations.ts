/**
 * Messages for `cdktf synth` to show, recorded as construct metadata without the stack
 * trace `Annotations.of(...).addInfo/addWarning` records: the trace holds this machine's
 * paths and would make manifest.json differ between checkouts (design D6).
 */
import { AnnotationMetadataEntryType } from 'cdktf';
import { IConstruct } from 'constructs';

/** An informational message on `scope`. */
export function addInfo(scope: IConstruct, message: string): void {
  scope.node.addMetadata(AnnotationMetadataEntryType.INFO, message);
}

/** A warning on `scope`. */
export function addWarning(scope: IConstruct, message: string): void {
  scope.node.addMetadata(AnnotationMetadataEntryType.WARN, message);
}
