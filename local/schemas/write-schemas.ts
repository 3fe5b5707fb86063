/** `npm run schemas`: writes schemas/*.schema.json from the contracts' definitions. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileText, publishedSchemas, SCHEMAS_DIR } from './published-schemas';

mkdirSync(SCHEMAS_DIR, { recursive: true });
for (const published of publishedSchemas()) {
  writeFileSync(join(SCHEMAS_DIR, published.file), fileText(published));
  console.log(`schemas/${published.file}`);
}
