/** How big each benchmark scenario is. The full run is `npm run bench`; the smoke run is part of `npm test`. */
export interface BenchScale {
  name: 'full' | 'smoke';
  /** Faces in the collection purged by the workflow (and in the one purged by the naive baseline). */
  purgeFaces: number;
  /** TPS quota of every Rekognition operation, enforced by the emulator and configured in the stack. */
  tps: number;
  /** Added to every Rekognition call in the second purge comparison, as a network round trip would. */
  latencyMs: number;
  /** Faces purged in the latency comparison (the naive loop is slow there: fewer faces keep the bench short). */
  latencyPurgeFaces: number;
  /** Faces purged with the stack told 5x the emulator's quota (closed loop: adaptiveRatioToCeiling). */
  adaptiveFaces: number;
  /** Faces purged while another client uses half of DeleteFaces' quota (sharedQuotaRatio). */
  sharedFaces: number;
  /** A smaller purge with a short Lambda timeout, to measure the history events each continuation costs. */
  calibrationFaces: number;
  calibrationLambdaTimeoutMs: number;
  erasureCollections: number;
  facesPerErasureCollection: number;
  /** Of those, the collections that hold the person (two faces each): an erasure mostly finds nobody. */
  erasurePresentCollections: number;
  /**
   * Erasure requests by ExternalImageId put on the local bus within one batch window, over collections of many faces
   * (one scan for all the requests of a batch). The window is the stack's erasureBatchWindow, before timeScale.
   */
  batchedScan: {
    requests: number;
    collections: number;
    facesPerCollection: number;
    tps: number;
    batchWindowSeconds: number;
  };
  /** A retention purge matching one big collection and a few small ones. */
  mixedBigFaces: number;
  mixedSmallCollections: number;
  facesPerMixedSmall: number;
  versions: number;
  /**
   * Account sizes (collections) at which an erasure and a retention purge are run to chart the largest state; the
   * last one gives the `...At10000Collections` figures (at smoke scale, a smaller account).
   */
  stateSizeCollections: number[];
  /** Quota of those runs: high, so that they measure sizes rather than pacing. */
  stateSizeTps: number;
  /** Emulator status transitions (training, stopping, deleting), and the runner's time scale for Wait states. */
  transitionMs: number;
  timeScale: number;
}

export const FULL_SCALE: BenchScale = {
  name: 'full',
  // Sized so the whole bench stays under 10 minutes on 2 cores: 73 pages per quiet run (15 s at the ceiling),
  // 37 pages per latency run; long enough that the first and last page weigh little in the ratios.
  purgeFaces: 300_000,
  tps: 5,
  latencyMs: 400,
  latencyPurgeFaces: 150_000,
  adaptiveFaces: 600_000,
  sharedFaces: 300_000,
  calibrationFaces: 200_000,
  calibrationLambdaTimeoutMs: 3_000,
  erasureCollections: 100,
  facesPerErasureCollection: 300,
  erasurePresentCollections: 3,
  // The scan's pages, not its pace, are measured: a high quota keeps the million faces under a minute. A 5-minute
  // window (the stack's default is 3; both "a few minutes"), 3 s at this time scale: the 100 concurrent intakes take
  // about 1 s after the batch's execution starts on an idle machine, so a loaded one still fits them in one window.
  batchedScan: { requests: 100, collections: 10, facesPerCollection: 100_000, tps: 100, batchWindowSeconds: 300 },
  mixedBigFaces: 300_000,
  mixedSmallCollections: 4,
  facesPerMixedSmall: 200,
  versions: 10,
  stateSizeCollections: [10, 100, 1_000, 10_000],
  stateSizeTps: 2_000,
  transitionMs: 2_000,
  timeScale: 0.01,
};

export const SMOKE_SCALE: BenchScale = {
  name: 'smoke',
  purgeFaces: 40_000,
  tps: 5,
  latencyMs: 400,
  latencyPurgeFaces: 20_000,
  adaptiveFaces: 60_000,
  sharedFaces: 30_000,
  calibrationFaces: 20_000,
  calibrationLambdaTimeoutMs: 1_200,
  erasureCollections: 6,
  facesPerErasureCollection: 50,
  erasurePresentCollections: 2,
  batchedScan: { requests: 10, collections: 3, facesPerCollection: 10_000, tps: 100, batchWindowSeconds: 300 },
  mixedBigFaces: 200_000,
  mixedSmallCollections: 2,
  facesPerMixedSmall: 50,
  versions: 3,
  stateSizeCollections: [10, 100],
  stateSizeTps: 2_000,
  transitionMs: 300,
  timeScale: 0.005,
};

/** One ListFaces page and one DeleteFaces call both hold at most this many faces. */
export const FACES_PER_CALL = 4096;
