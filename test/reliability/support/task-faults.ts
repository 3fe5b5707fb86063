import { createHash } from 'node:crypto';
import type { InvocationHooks, InvocationInfo, InvocationTimeout, LocalFunction } from '../../../local/runner';

/** Workers whose invocations are cut short by a timeout now and then. */
const TIMED_OUT_WORKER = /CleanCollection|DeleteFaces|FindSubjectFaces/;
/** Any worker (as opposed to Plan, FinalizePlan and Report). */
const WORKER = /CleanCollection|DeleteFaces|FindSubjectFaces|AdvanceProjectVersion|DeleteProject/;
/** Short enough that workers stop after a page or two and continue in the next invocation. */
const WORKER_TIMEOUT_MS = 2000;

export interface TaskFaultCounts {
  crashedBefore: number;
  crashedAfter: number;
  timedOut: number;
}

/**
 * Lambda failures, injected through the runner, per work item (one collection, one face group, one version...):
 * - crashes before the handler runs, and crashes after it returned (the work is done, the answer is lost), taking
 *   turns on the item's attempts: its 1st, 3rd, 4th, 6th... attempt. Half the items crash after their first
 *   attempt, the other half before it, and the halves swap from one round to the next. An attempt right after a
 *   failed one is never crashed, so a crash always meets a retry that can succeed;
 * - every 3rd invocation of a purge, face or search worker gets a 1 ms timeout: the runner answers
 *   Sandbox.Timedout while the handler goes on in the background and its calls still land, like a Lambda killed
 *   in the middle of its work with calls in flight;
 * - every other worker invocation runs with a short timeout, so workers stop early and continue in the next
 *   invocation from their progress.
 * An attempt right after a failed one (crash or timeout) is never crashed and runs with the function's own timeout,
 * so every failure meets a retry that can succeed however slow the machine is: without that, a loaded CI machine
 * turned a few 2 s timeouts in a row into an exhausted retrier, and the soak measured the machine, not the product.
 * A crash is named Runtime.ExitError, what Step Functions sees when a Lambda runtime dies.
 */
export class TaskFaults {
  /** `round` flips which items crash before and which after on their first attempt: run both rounds. */
  constructor(private readonly round = 0) {}

  readonly counts: TaskFaultCounts = { crashedBefore: 0, crashedAfter: 0, timedOut: 0 };
  private readonly timeoutCalls = new Map<string, number>();
  private readonly items = new Map<string, ItemAttempts>();

  readonly hooks: InvocationHooks = {
    beforeInvoke: (call: InvocationInfo) => {
      const item = this.item(call);
      item.n += 1;
      item.eligible = item.previousOk;
      // Pessimistic until afterInvoke sees it through: a timeout never reaches afterInvoke.
      item.previousOk = false;
      if (item.eligible && turn(call, item.n, this.round) === 'before') {
        this.counts.crashedBefore += 1;
        throw crash(`${call.stateName} crashed before running (injected)`);
      }
    },
    afterInvoke: (call: InvocationInfo) => {
      const item = this.item(call);
      if (item.eligible && turn(call, item.n, this.round) === 'after') {
        this.counts.crashedAfter += 1;
        throw crash(`${call.stateName} crashed after its work, before answering (injected)`);
      }
      item.previousOk = true;
    },
  };

  readonly lambdaTimeoutMs: InvocationTimeout = (fn: LocalFunction, call: InvocationInfo): number => {
    // Read before beforeInvoke counts this attempt: previousOk is the outcome of the attempt before it.
    if (!WORKER.test(fn.logicalId) || !this.item(call).previousOk) return fn.timeoutSeconds * 1000;
    const n = (this.timeoutCalls.get(fn.logicalId) ?? 0) + 1;
    this.timeoutCalls.set(fn.logicalId, n);
    if (TIMED_OUT_WORKER.test(fn.logicalId) && n % 3 === 2) {
      this.counts.timedOut += 1;
      return 1;
    }
    return WORKER_TIMEOUT_MS;
  };

  private item(call: InvocationInfo): ItemAttempts {
    const key = keyOf(call);
    let item = this.items.get(key);
    if (item === undefined) {
      item = { n: 0, previousOk: true, eligible: true };
      this.items.set(key, item);
    }
    return item;
  }
}

interface ItemAttempts {
  /** Attempts so far, retries included. */
  n: number;
  previousOk: boolean;
  /** The current attempt may be crashed: the one before it succeeded. */
  eligible: boolean;
}

/** Which crash, if any, attempt `n` of an item gets: items take turns, by a hash of their key and the round. */
function turn(call: InvocationInfo, n: number, round: number): 'before' | 'after' | undefined {
  const phase = (createHash('sha256').update(keyOf(call)).digest()[0]! + round) % 2;
  const slot = (n + phase) % 3;
  return slot === 1 ? 'before' : slot === 2 ? 'after' : undefined;
}

/** One lane of work: the function, its kind and lane (constant across a lane loop's invocations and retries). */
function keyOf(call: InvocationInfo): string {
  const lane = call.payload as { kind?: unknown; lane?: unknown } | null;
  const where = WORKER.test(call.fn.logicalId) ? `${String(lane?.kind)}#${String(lane?.lane)}` : '';
  return `${call.fn.logicalId}|${where}`;
}

function crash(message: string): Error {
  const error = new Error(message);
  error.name = 'Runtime.ExitError';
  return error;
}
