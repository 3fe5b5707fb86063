import * as path from 'node:path';

/**
 * How a handler is bundled, for both paths that bundle one: `CleanupFunction` (NodejsFunction with local esbuild,
 * from the source tree) and `npm run build` (scripts/build.ts, which pre-bundles every handler for the package).
 * One place, so the code the package deploys is built exactly as the code our own stack deploys.
 */
export const HANDLER_BUNDLING = {
  minify: true,
  sourceMap: true,
  /** The functions' runtime is Node 24 (CleanupFunction). */
  target: 'node24',
  format: 'cjs',
  /** Bundle the pinned SDK instead of the runtime's, so what we test is what runs. */
  externalModules: [] as string[],
} as const;

/** Where the build puts each handler's bundle, relative to the package's compiled root (dist/). */
export const HANDLER_BUNDLES_FOLDER = 'lambda-bundles';

/**
 * The folder holding the pre-bundled handler (index.js and its source map), given the root the compiled construct
 * sits under: present in the built package (dist/lambda-bundles/<handler>/), absent in the source tree.
 */
export function handlerBundleFolder(packageRoot: string, handler: string): string {
  return path.join(packageRoot, HANDLER_BUNDLES_FOLDER, handler);
}
