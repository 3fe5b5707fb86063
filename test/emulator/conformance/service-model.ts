/**
 * Rekognition's official service model, as botocore ships it (`data/rekognition/2016-06-27/service-2.json`, often
 * gzipped). It is found through REKOGNITION_SERVICE_MODEL (a file path) or through the python3 on PATH; no npm
 * package ships it (the JS SDK compiles it into code).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface ModelShape {
  type: string;
  members?: Record<string, { shape: string }>;
  required?: string[];
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
}

export interface ServiceModel {
  metadata: { apiVersion: string; targetPrefix: string };
  operations: Record<string, { input?: { shape: string }; output?: { shape: string }; errors?: { shape: string }[] }>;
  shapes: Record<string, ModelShape>;
}

export type ModelSource = { model: ServiceModel; path: string } | { model: undefined; reason: string };

const RELATIVE = join('data', 'rekognition', '2016-06-27', 'service-2.json');

export function loadServiceModel(): ModelSource {
  const explicit = process.env.REKOGNITION_SERVICE_MODEL;
  if (explicit) {
    return existsSync(explicit)
      ? { model: read(explicit), path: explicit }
      : { model: undefined, reason: `REKOGNITION_SERVICE_MODEL=${explicit} does not exist` };
  }
  const botocore = botocoreDirectory();
  if (botocore === undefined) {
    return { model: undefined, reason: 'python3 with botocore is not installed (or set REKOGNITION_SERVICE_MODEL)' };
  }
  for (const path of [join(botocore, RELATIVE), join(botocore, `${RELATIVE}.gz`)]) {
    if (existsSync(path)) return { model: read(path), path };
  }
  return { model: undefined, reason: `botocore at ${botocore} has no ${RELATIVE}[.gz]` };
}

function botocoreDirectory(): string | undefined {
  try {
    const script = 'import botocore, os; print(os.path.dirname(botocore.__file__))';
    return execFileSync('python3', ['-c', script], { encoding: 'utf8', timeout: 10_000, stdio: 'pipe' }).trim();
  } catch {
    return undefined;
  }
}

function read(path: string): ServiceModel {
  const bytes = readFileSync(path);
  return JSON.parse((path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')) as ServiceModel;
}

export function shapeOf(model: ServiceModel, name: string): ModelShape {
  const shape = model.shapes[name];
  if (!shape) throw new Error(`the model has no shape ${name}`);
  return shape;
}

/** The model's patterns are Java regular expressions that must match the whole value. */
export function javaPattern(source: string): RegExp {
  return new RegExp(`^(?:${source})$`, 'u');
}
