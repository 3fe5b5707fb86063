import { MultiBar, type SingleBar } from 'cli-progress';
import type { PlanTotals } from '../../lambdas/core/contracts';
import { count, duration, rate } from './format-numbers';
import { progressLine, shortMessage } from './progress-text';
import type { ProgressEvent, StepProgress } from './step-progress';

type LaneEvent = Extract<StepProgress, { type: 'lane' }>;

export interface ProgressDisplayOptions {
  /** Where progress goes (stderr: stdout is the report's, and `--json`'s). */
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  /** Redraw a bar and a status line in place (a terminal), or write plain lines (a log, a pipe, CI). */
  live: boolean;
  /** A dry run deletes nothing: no bar that could only stay at zero. */
  dryRun: boolean;
  now?: () => number;
}

/** The purge's figures at one moment: what the bar shows, and what a stopped run says it did. */
export interface PurgeFigures {
  planned?: PlanTotals;
  facesDeleted: number;
  elapsedMs: number;
  /** Faces per second since the plan was checked; undefined before the first deletion. */
  facesPerSecond?: number;
  etaMs?: number;
}

/**
 * What a person watching a job sees. On a terminal, a bar of faces deleted with rate and ETA, and a status line
 * for lanes that wait (poll count, time waited), redrawn in place (cli-progress), with the plan, failures and
 * finished lanes written above them. Elsewhere, one plain line per event, with the same figures.
 */
export class ProgressDisplay {
  private readonly now: () => number;
  private readonly startedAt: number;
  private planned?: PlanTotals;
  private actStartedAt?: number;
  /** Each lane's running total, as its worker recorded it: the count the report gives. */
  private readonly laneFaces = new Map<string, number>();
  /** Faces Rekognition confirmed deleted through this process's client (local runs; see observeDeletedFaces). */
  private observedFaces = 0;
  private readonly waiting = new Map<string, { event: LaneEvent; since: number }>();
  private bars?: MultiBar;
  private facesBar?: SingleBar;
  private waitBar?: SingleBar;

  constructor(private readonly options: ProgressDisplayOptions) {
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
  }

  /** A line of its own (what the CLI is doing), above the bars on a terminal. */
  note(line: string): void {
    this.write(line);
  }

  show(event: ProgressEvent): void {
    if (event.type === 'planChecked') {
      this.planned = event.totals;
      this.actStartedAt = this.now();
    }
    if (event.type === 'lane') this.track(event);
    const key = event.type === 'lane' ? laneKey(event) : undefined;
    const waitingMs = key === undefined ? undefined : this.waitingMs(key);
    const line = progressLine(event, { message: shortMessage, ...(waitingMs === undefined ? {} : { waitingMs }) });
    if (this.options.live && this.isDrawn(event)) {
      this.redraw();
      return;
    }
    if (line !== undefined) this.write(line);
    if (this.options.live) this.redraw();
  }

  /**
   * Faces Rekognition said it deleted (DeleteFaces' DeletedFaces), seen as they happen: a lane reports its total
   * only at the end of an invocation, which may last minutes. The bar shows the larger of the two counts, both
   * true at their moment; the report, at the end, is the worker's count.
   */
  observeDeletedFaces(faces: number): void {
    this.observedFaces += faces;
    if (this.options.live) this.facesBar?.update(Math.min(this.figures().facesDeleted, this.facesBar.getTotal()));
  }

  figures(): PurgeFigures {
    const reported = [...this.laneFaces.values()].reduce((a, b) => a + b, 0);
    const facesDeleted = Math.max(reported, this.observedFaces);
    const now = this.now();
    const since = now - (this.actStartedAt ?? this.startedAt);
    const facesPerSecond = facesDeleted > 0 && since > 0 ? (facesDeleted * 1000) / since : undefined;
    const remaining = this.planned === undefined ? undefined : Math.max(0, this.planned.faces - facesDeleted);
    return {
      ...(this.planned === undefined ? {} : { planned: this.planned }),
      facesDeleted,
      elapsedMs: now - this.startedAt,
      ...(facesPerSecond === undefined ? {} : { facesPerSecond }),
      ...(facesPerSecond === undefined || remaining === undefined
        ? {}
        : { etaMs: (remaining * 1000) / facesPerSecond }),
    };
  }

  /** Leaves the bars as they last were (a terminal), so the report follows the final figures. */
  stop(): void {
    if (this.bars === undefined) return;
    this.facesBar?.update(Math.min(this.figures().facesDeleted, this.facesBar.getTotal()));
    // Lines logged since the last redraw are written by the next update, which stop() would skip.
    this.bars.update();
    this.bars.stop();
    this.bars = undefined;
  }

  private track(event: LaneEvent): void {
    const key = laneKey(event);
    if (event.progress.facesDeleted !== undefined) this.laneFaces.set(key, event.progress.facesDeleted);
    if (event.progress.wait !== undefined && !event.progress.done) {
      this.waiting.set(key, { event, since: this.waiting.get(key)?.since ?? this.now() });
    } else {
      this.waiting.delete(key);
    }
  }

  private waitingMs(key: string): number | undefined {
    const since = this.waiting.get(key)?.since;
    return since === undefined ? undefined : this.now() - since;
  }

  /** On a terminal, a lane still at work is shown by the bars: its line would only repeat them. */
  private isDrawn(event: ProgressEvent): boolean {
    return event.type === 'lane' && !event.progress.done;
  }

  private redraw(): void {
    const bars = this.ensureBars();
    if (this.facesBar === undefined && this.planned !== undefined && this.planned.faces > 0 && !this.options.dryRun) {
      this.facesBar = bars.create(this.planned.faces, 0, {}, { format: () => facesBarText(this.figures()) });
    }
    this.facesBar?.update(Math.min(this.figures().facesDeleted, this.facesBar.getTotal()));
    if (this.waitBar === undefined && this.waiting.size > 0) {
      this.waitBar = bars.create(1, 0, {}, { format: () => this.waitText() });
    }
    this.waitBar?.update(0);
  }

  private waitText(): string {
    const lanes = [...this.waiting.entries()].map(([key, { event }]) => {
      const line = progressLine(event, { message: shortMessage, waitingMs: this.waitingMs(key) ?? 0 });
      return (line ?? '').trim();
    });
    if (lanes.length === 0) return 'nothing is waiting';
    return lanes.length === 1 ? lanes[0]! : `${lanes[0]} (+${lanes.length - 1} more lanes waiting)`;
  }

  private ensureBars(): MultiBar {
    this.bars ??= new MultiBar({
      stream: this.options.stream as NodeJS.WritableStream,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      // Ctrl-C is the CLI's to handle: it finishes the batch in flight, then stops the bars itself.
      gracefulExit: false,
      barsize: 24,
      fps: 5,
      forceRedraw: true,
      emptyOnZero: true,
    });
    return this.bars;
  }

  private write(line: string): void {
    if (this.bars !== undefined) this.bars.log(`${line}\n`);
    else this.options.stream.write(`${line}\n`);
  }
}

/** `faces [########----------------] 20,480 of 50,000 deleted · 1,020/s · ETA 29 s · 20 s elapsed` */
export function facesBarText(figures: PurgeFigures, width = 24): string {
  const total = figures.planned?.faces ?? 0;
  const filled = total > 0 ? Math.min(width, Math.round((figures.facesDeleted / total) * width)) : 0;
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const parts = [
    `faces ${bar} ${count(figures.facesDeleted)} of ${count(total)} deleted`,
    figures.facesPerSecond === undefined ? 'starting' : rate(figures.facesPerSecond),
    ...(figures.etaMs === undefined ? [] : [`ETA ${duration(figures.etaMs)}`]),
    `${duration(figures.elapsedMs)} elapsed`,
  ];
  return parts.join(' · ');
}

function laneKey(event: LaneEvent): string {
  return `${event.kind}:${event.lane}`;
}
