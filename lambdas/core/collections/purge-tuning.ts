/**
 * How hard one collection purge pushes Rekognition. Kept apart so that they can be tuned against the account's TPS
 * quotas (DeleteFaces, ListFaces and DeleteUser each have their own) without touching the purge logic.
 */
export interface PurgeTuning {
  /** Pages being deleted at once; each page is one DeleteFaces call in the common case. */
  deletesInFlight: number;
  /** Pages listed ahead of the deletions, so ListFaces latency hides behind DeleteFaces. */
  listAhead: number;
  /** DeleteUser calls in flight during the USERS phase. */
  usersInFlight: number;
}

export const DEFAULT_PURGE_TUNING: PurgeTuning = { deletesInFlight: 2, listAhead: 2, usersInFlight: 4 };
