import type { EventLog } from '../../local/runner';

type Item = { target?: Record<string, unknown>; progress?: Record<string, unknown> };

/**
 * One line per meaningful step of a local run, from the runner's events: the plan, then each worker's cumulative
 * progress. Written to stderr, so `--json` output stays clean.
 */
export function localProgressLine(event: EventLog): string | undefined {
  if (event.type !== 'StateExited') return undefined;
  const output = (event.state.output ?? {}) as Item & {
    plan?: Record<string, unknown[]>;
    totals?: Record<string, number>;
  };
  const input = (event.state.input ?? {}) as Item;
  const progress = output.progress;
  const target = input.target ?? {};
  switch (event.state.name) {
    case 'Plan': {
      const plan = output.plan ?? {};
      const count = (key: string) => (plan[key] ?? []).length;
      return `planned: ${count('collections')} collections, ${count('faceGroups')} face lists, ${count('subjectUnits')} subject searches, ${count('projectVersions')} project versions, ${count('skipped')} skipped (protected)`;
    }
    case 'FinalizePlan': {
      const t = output.totals ?? {};
      return `plan checked: ${t.plannedDeletions ?? 0} deletions planned (${t.faces ?? 0} faces)`;
    }
    case 'CleanCollection':
      return `  collection ${target.collectionId}: ${progress?.phase ?? ''} ${progress?.facesDeleted ?? 0} faces, ${progress?.usersDeleted ?? 0} users deleted${progress?.done ? ` -> ${progress.outcome}` : ''}`;
    case 'DeleteFaceGroup':
    case 'EraseSubject':
      return `  ${target.source} in ${target.collectionId}: ${progress?.deleted ?? 0} faces deleted${progress?.done ? ' (done)' : ''}`;
    case 'FindSubjectFacesPage':
      return progress?.done
        ? `  searched ${target.collectionId}: ${((progress.faces as unknown[]) ?? []).length} faces found`
        : undefined;
    case 'AdvanceProjectVersion':
      return `  version ${String(target.versionName)}: ${progress?.lastStatus ?? ''}${progress?.done ? ` -> ${progress.outcome}` : ', waiting'}`;
    case 'DeleteProjectIfEmpty':
      return `  project ${target.projectArn}: ${progress?.outcome ?? ''}`;
    default:
      return undefined;
  }
}
