/**
 * The job store's table, as the stack creates it and as the local store (dynalite) creates it: one source for both.
 * One partition per job (`JOB#<jobId>`); sort keys name what an item holds (see job-store.ts).
 */
export const JOB_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds: DynamoDB's TTL deletes working data after this. */
  timeToLiveAttribute: 'expiresAt',
} as const;

/** Environment of every function that reads or writes the store (set by lib/constructs/job-store.ts). */
export const JOB_TABLE_ENV = 'JOB_TABLE_NAME';
/** Points the store's client at a local DynamoDB (the local runner's dynalite); unset in AWS. */
export const JOB_STORE_ENDPOINT_ENV = 'JOB_STORE_ENDPOINT';
/** How long a job's working data (plan, progress, report) is kept. */
export const JOB_DATA_TTL_DAYS_ENV = 'JOB_DATA_TTL_DAYS';
export const DEFAULT_JOB_DATA_TTL_DAYS = 30;
