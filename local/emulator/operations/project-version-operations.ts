/**
 * CreateProjectVersion, StartProjectVersion, StopProjectVersion, DescribeProjectVersions, DeleteProjectVersion.
 * Each call only records a status change; EmulatorWorld settles it after `transitionMs` when next read.
 */
import { versionArn } from '../model/arns';
import type { EmulatorWorld } from '../model/emulator-world';
import { type OutputConfig, type Project, ProjectVersion } from '../model/project';
import { STARTABLE, STOPPABLE, UNDELETABLE } from '../model/version-lifecycle';
import { errors } from '../service/service-error';
import {
  checkString,
  type Input,
  optionalInteger,
  optionalObject,
  optionalString,
  optionalStringList,
  optionalTags,
  requiredInteger,
  requiredString,
  rules,
} from '../service/validation';
import type { OperationTable } from './operation';
import { newestFirstPage, versionDescription } from './project-shapes';

const DESCRIBE_VERSIONS_MAX = 100;
const MAX_INFERENCE_UNITS = 1_000;

export const projectVersionOperations: OperationTable = {
  CreateProjectVersion(input, world) {
    const project = requireProject(input, world);
    const name = requiredString(input, 'VersionName', rules.versionName);
    const outputConfig = requireOutputConfig(input);
    optionalObject(input, 'TrainingData');
    optionalObject(input, 'TestingData');
    const tags = optionalTags(input, 'Tags') ?? new Map<string, string>();
    const description = optionalString(input, 'VersionDescription', rules.versionDescription);
    const kmsKeyId = optionalString(input, 'KmsKeyId', rules.kmsKeyId);
    if (project.status === 'DELETING') throw errors.resourceInUse(`The project ${project.name} is being deleted`);
    if (project.versions.has(name)) {
      throw errors.resourceInUse(`The version name ${name} is already in use in project ${project.name}`);
    }
    const createdAt = world.now();
    const version = new ProjectVersion(
      {
        name,
        arn: versionArn(world.settings, project.name, name, createdAt),
        createdAt,
        order: world.nextOrder(),
        status: 'TRAINING_IN_PROGRESS',
        tags,
        outputConfig,
        ...(description === undefined ? {} : { description }),
        ...(kmsKeyId === undefined ? {} : { kmsKeyId }),
      },
      createdAt,
    );
    project.versions.set(name, version);
    return { ProjectVersionArn: version.arn };
  },

  StartProjectVersion(input, world) {
    const version = requireVersion(input, world);
    const minUnits = requiredInteger(input, 'MinInferenceUnits', 1, MAX_INFERENCE_UNITS);
    const maxUnits = optionalInteger(input, 'MaxInferenceUnits', 1, MAX_INFERENCE_UNITS);
    if (maxUnits !== undefined && maxUnits < minUnits) {
      throw errors.invalidParameter('MaxInferenceUnits must be greater than or equal to MinInferenceUnits');
    }
    if (!STARTABLE.has(version.status)) {
      throw errors.resourceInUse(`The model version cannot be started while its status is ${version.status}`);
    }
    version.moveTo('STARTING', world.now());
    version.minInferenceUnits = minUnits;
    version.maxInferenceUnits = maxUnits ?? minUnits;
    return { Status: version.status };
  },

  StopProjectVersion(input, world) {
    const version = requireVersion(input, world);
    if (!STOPPABLE.has(version.status)) {
      throw errors.resourceInUse(`The model version cannot be stopped while its status is ${version.status}`);
    }
    version.moveTo('STOPPING', world.now());
    return { Status: version.status };
  },

  DeleteProjectVersion(input, world) {
    const version = requireVersion(input, world);
    if (UNDELETABLE.has(version.status)) {
      throw errors.resourceInUse(`The model version cannot be deleted while its status is ${version.status}`);
    }
    if (version.status !== 'DELETING') version.moveTo('DELETING', world.now());
    return { Status: version.status };
  },

  DescribeProjectVersions(input, world) {
    const project = requireProject(input, world);
    const names = optionalStringList(input, 'VersionNames', { min: 1, max: 10 }, rules.versionName);
    const maxResults = optionalInteger(input, 'MaxResults', 1, DESCRIBE_VERSIONS_MAX) ?? DESCRIBE_VERSIONS_MAX;
    const token = optionalString(input, 'NextToken', rules.paginationToken);
    const selected = project.versionsNewestFirst().filter((version) => !names || names.includes(version.name));
    const { page, nextToken } = newestFirstPage(selected, token, 'DescribeProjectVersions', project.arn, maxResults);
    return {
      ProjectVersionDescriptions: page.map((version) => versionDescription(project, version)),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  },
};

function requireProject(input: Input, world: EmulatorWorld): Project {
  const arn = requiredString(input, 'ProjectArn', rules.arn);
  const project = world.projectByArn(arn);
  if (!project) throw errors.resourceNotFound(`The project ${arn} does not exist`);
  return project;
}

function requireVersion(input: Input, world: EmulatorWorld): ProjectVersion {
  const arn = requiredString(input, 'ProjectVersionArn', rules.arn);
  const version = world.versionByArn(arn);
  if (!version) throw errors.resourceNotFound(`The model version ${arn} does not exist`);
  return version;
}

function requireOutputConfig(input: Input): OutputConfig {
  const config = optionalObject(input, 'OutputConfig');
  if (!config) {
    throw errors.invalidParameter(
      "1 validation error detected: Value null at 'outputConfig' failed to satisfy constraint: Member must not be null",
    );
  }
  const bucket = config.S3Bucket === undefined ? undefined : checkString(config.S3Bucket, 'S3Bucket', rules.s3Bucket);
  const prefix =
    config.S3KeyPrefix === undefined ? undefined : checkString(config.S3KeyPrefix, 'S3KeyPrefix', rules.s3KeyPrefix);
  return {
    ...(bucket === undefined ? {} : { S3Bucket: bucket }),
    ...(prefix === undefined ? {} : { S3KeyPrefix: prefix }),
  };
}
