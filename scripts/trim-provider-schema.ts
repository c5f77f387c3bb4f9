/**
 * Refreshes a schema file from a newer provider release (run where the Terraform or
 * OpenTofu registry is reachable):
 *
 *   terraform providers schema -json > full.json    # in a config requiring the provider
 *   (or: tofu providers schema -json > full.json)
 *   npm run trim-schema -- full.json schemas/proxmox.json 0.112.0
 *
 * Keeps the types the file already lists, takes their definitions from full.json (whose
 * provider may be keyed registry.opentofu.org/...: the file keeps its own address), and
 * records the version; then `npm run gen -- --force` and `npm test`.
 */
import * as fs from 'fs';
import { SchemaDocument, trimProviderSchema } from './lib/trim-provider-schema';

const [fullPath, schemaPath, version] = process.argv.slice(2);
if (!fullPath || !schemaPath || !version) {
  console.error(
    'usage: npm run trim-schema -- <full schema.json> <schemas/provider.json> <version>',
  );
  process.exit(2);
}
const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as SchemaDocument;
const trimmed = trimProviderSchema(read(fullPath), read(schemaPath), version);
fs.writeFileSync(schemaPath, `${JSON.stringify(trimmed, null, 2)}\n`);
console.log(`${schemaPath}: ${Object.keys(trimmed.provider_schemas)[0]} ${version}`);
