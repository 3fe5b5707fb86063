/**
 * Rekognition project and version ARNs. A version ARN names its project but not the project's own timestamp:
 *   version  arn:aws:rekognition:eu-west-1:123456789012:project/door-cam/version/door-cam.v1/1714557600000
 *   project  arn:aws:rekognition:eu-west-1:123456789012:project/door-cam/1714550000000
 * `scope` is everything up to `project/` (partition, region, account): two ARNs with the same project name but a
 * different scope belong to different projects.
 */
const NAME = '([a-zA-Z0-9_.-]{1,255})';
const SCOPE = '(arn:[a-z\\d-]+:rekognition:[a-z\\d-]+:\\d{12}:)';
const VERSION_ARN = new RegExp(`^${SCOPE}project/${NAME}/version/${NAME}/([0-9]+)$`);
const PROJECT_ARN = new RegExp(`^${SCOPE}project/${NAME}/([0-9]+)$`);

export interface ParsedVersionArn {
  scope: string;
  projectName: string;
  versionName: string;
}

export interface ParsedProjectArn {
  scope: string;
  projectName: string;
}

export function parseVersionArn(arn: string): ParsedVersionArn | undefined {
  const match = VERSION_ARN.exec(arn);
  if (match === null) return undefined;
  const [, scope = '', projectName = '', versionName = ''] = match;
  return { scope, projectName, versionName };
}

export function parseProjectArn(arn: string): ParsedProjectArn | undefined {
  const match = PROJECT_ARN.exec(arn);
  if (match === null) return undefined;
  const [, scope = '', projectName = ''] = match;
  return { scope, projectName };
}

/** The version ARN lies under that project: same partition, region, account and project name. */
export function belongsToProject(version: ParsedVersionArn, project: ParsedProjectArn): boolean {
  return version.scope === project.scope && version.projectName === project.projectName;
}
