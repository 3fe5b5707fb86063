/**
 * Transient fault injection. A fraction `rate` of requests is answered with ThrottlingException or
 * InternalServerError (even odds). With timing 'after' the operation is applied first: the caller sees an error
 * for a change that happened, which is what a lost response looks like and what idempotent cleanup must survive.
 */
import type { SeededRandom } from '../model/random';
import { errors, type ServiceError } from './service-error';

export type FaultTiming = 'before' | 'after' | 'mixed';

export interface Fault {
  error: ServiceError;
  /** 'after': apply the operation, then answer with the error. */
  timing: 'before' | 'after';
}

export class FaultInjector {
  private rate: number;

  constructor(
    rate: number,
    private readonly timing: FaultTiming,
    private readonly random: SeededRandom,
  ) {
    this.rate = FaultInjector.checkRate(rate);
  }

  static checkRate(rate: number): number {
    if (!(Number.isFinite(rate) && rate >= 0 && rate <= 1)) throw new Error(`faultRate must be in [0, 1], got ${rate}`);
    return rate;
  }

  setRate(rate: number): void {
    this.rate = FaultInjector.checkRate(rate);
  }

  /** Draws for one request: a fault to inject, or undefined. */
  draw(): Fault | undefined {
    if (this.rate === 0 || this.random.next() >= this.rate) return undefined;
    const error =
      this.random.next() < 0.5
        ? errors.throttling('Rate exceeded (fault injected by the emulator)')
        : errors.internalServerError('Internal server error (fault injected by the emulator)');
    const timing = this.timing === 'mixed' ? (this.random.next() < 0.5 ? 'before' : 'after') : this.timing;
    return { error, timing };
  }
}
