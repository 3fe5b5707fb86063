import { costText } from './inference-cost';
import type { CollectionEntry, Inventory, ProjectEntry, VersionEntry } from './inventory';

const n = (value: number | undefined) => (value === undefined ? '?' : value.toLocaleString('en-US'));
/** To the minute, in UTC: the precision a retention policy (olderThanDays, createdBefore) needs. */
const when = (iso: string | undefined) => (iso === undefined ? '?' : `${iso.slice(0, 16).replace('T', ' ')}Z`);
const tagText = (tags: Record<string, string>) =>
  Object.entries(tags)
    .sort(([a], [b]) => a.localeCompare(b, 'en'))
    .map(([key, value]) => `${key}=${value}`)
    .join(', ') || '-';

/** The inventory as tables a person scans before writing a policy: what exists, how big, how old, what is protected. */
export function formatInventory(inventory: Inventory): string {
  const { key, value } = inventory.protectTag;
  const lines: string[] = [];
  const collections = inventory.collections;
  if (collections === undefined) {
    lines.push(
      `Collections: not listed (--status ${inventory.statusFilter?.join(',') ?? ''} lists model versions only).`,
    );
  } else {
    lines.push(`Collections (${n(collections.length)}):`);
    if (collections.length === 0) lines.push('  (none)');
    else lines.push(...table(collectionRows(collections), [false, true, true, false, false, false, false]));
  }

  const versions = inventory.projects.reduce((sum, project) => sum + project.versions.length, 0);
  const filtered = inventory.statusFilter === undefined ? '' : ` ${inventory.statusFilter.join(' or ')}`;
  lines.push('', `Projects (${n(inventory.projects.length)}, ${n(versions)}${filtered} versions):`);
  if (inventory.projects.length === 0) lines.push('  (none)');
  for (const project of inventory.projects) lines.push(...projectLines(project));

  lines.push('', runningLine(inventory));
  const protectedCount =
    (collections ?? []).filter((c) => c.protected).length +
    inventory.projects.reduce((sum, p) => sum + p.versions.filter((v) => v.protected).length, 0);
  lines.push(`Protected (tag ${key}=${value}): ${n(protectedCount)}; selectors skip them.`);
  return lines.join('\n');
}

/** What the running models cost, said as the estimate it is, with the price it assumes. */
function runningLine(inventory: Inventory): string {
  const { versions, estimatedHourlyCost } = inventory.running;
  const price = inventory.pricePerInferenceUnitHour.toFixed(2);
  if (versions === 0) return 'Running Custom Labels models: none (nothing billed per inference unit-hour).';
  return (
    `Running Custom Labels models: ${n(versions)}, estimated ${costText(estimatedHourlyCost)} USD per hour ` +
    `at ${price} USD per inference unit-hour (an estimate: min to max inference units; the units in service are in ` +
    "CloudWatch's InServiceInferenceUnits; set the price with --price-per-inference-unit-hour)."
  );
}

function collectionRows(collections: CollectionEntry[]): string[][] {
  return [
    ['COLLECTION', 'FACES', 'USERS', 'MODEL', 'CREATED', 'PROTECTED', 'TAGS'],
    ...collections.map((c) => [
      c.collectionId,
      n(c.faceCount),
      n(c.userCount),
      c.faceModelVersion ?? '?',
      when(c.createdAt),
      c.protected ? 'yes' : 'no',
      tagText(c.tags),
    ]),
  ];
}

function projectLines(project: ProjectEntry): string[] {
  const header = `  ${project.projectName}  ${project.feature ?? '?'}  ${project.status ?? '?'}  created ${when(project.createdAt)}`;
  if (project.versions.length === 0) return ['', header, '    (no versions)'];
  const rows = [
    ['VERSION', 'STATUS', 'CREATED', 'UNITS', 'EST. USD/H', 'PROTECTED', 'TAGS'],
    ...project.versions.map((v) => [
      v.versionName,
      v.status ?? '?',
      when(v.createdAt),
      unitsText(v),
      v.estimatedHourlyCost === undefined ? '-' : costText(v.estimatedHourlyCost),
      v.protected ? 'yes' : 'no',
      tagText(v.tags),
    ]),
  ];
  return ['', header, ...table(rows, [false, false, false, true, true, false, false]).map((line) => `  ${line}`)];
}

/** Min and max inference units: `2`, or `1-4` when the model auto-scales; `-` when it was never started. */
function unitsText(version: VersionEntry): string {
  const { min, max } = version.inferenceUnits ?? {};
  if (min === undefined && max === undefined) return '-';
  if (min === undefined || max === undefined || min === max) return n(min ?? max);
  return `${n(min)}-${n(max)}`;
}

/** Columns padded to their widest cell; numbers right-aligned. The last column is never padded. */
function table(rows: string[][], rightAligned: boolean[]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map(
    (row) =>
      `  ${row
        .map((cell, column) => {
          if (column === row.length - 1) return cell;
          const width = widths[column] ?? 0;
          return rightAligned[column] ? cell.padStart(width) : cell.padEnd(width);
        })
        .join('  ')}`,
  );
}
