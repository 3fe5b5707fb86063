/** CreateProject, DescribeProjects, DeleteProject. */
import { projectArn } from '../model/arns';
import { Project, type ProjectFeature } from '../model/project';
import { errors } from '../service/service-error';
import {
  optionalEnum,
  optionalEnumList,
  optionalInteger,
  optionalString,
  optionalStringList,
  optionalTags,
  requiredString,
  rules,
} from '../service/validation';
import type { OperationTable } from './operation';
import { newestFirstPage, projectDescription } from './project-shapes';

const FEATURES: readonly ProjectFeature[] = ['CUSTOM_LABELS', 'CONTENT_MODERATION'];
const DESCRIBE_PROJECTS_MAX = 100;

export const projectOperations: OperationTable = {
  CreateProject(input, world) {
    const name = requiredString(input, 'ProjectName', rules.projectName);
    const feature = optionalEnum(input, 'Feature', FEATURES) ?? 'CUSTOM_LABELS';
    const autoUpdate = optionalEnum(input, 'AutoUpdate', ['ENABLED', 'DISABLED'] as const);
    const tags = optionalTags(input, 'Tags') ?? new Map<string, string>();
    if (autoUpdate !== undefined && feature !== 'CONTENT_MODERATION') {
      throw errors.invalidParameter('AutoUpdate can only be set for CONTENT_MODERATION projects');
    }
    if (world.project(name)) throw errors.resourceInUse(`The project name ${name} is already in use`);
    const createdAt = world.now();
    const project = new Project(
      {
        name,
        arn: projectArn(world.settings, name, createdAt),
        createdAt,
        order: world.nextOrder(),
        feature,
        ...(autoUpdate ? { autoUpdate } : {}),
        tags,
        status: 'CREATED',
      },
      createdAt,
    );
    world.addProject(project);
    return { ProjectArn: project.arn };
  },

  DescribeProjects(input, world) {
    const names = optionalStringList(input, 'ProjectNames', { min: 1, max: 10 }, rules.projectName);
    // Without Features the service lists CUSTOM_LABELS projects only (its documented default).
    const features = optionalEnumList(input, 'Features', { min: 1, max: 2 }, FEATURES) ?? ['CUSTOM_LABELS'];
    const maxResults = optionalInteger(input, 'MaxResults', 1, DESCRIBE_PROJECTS_MAX) ?? DESCRIBE_PROJECTS_MAX;
    const token = optionalString(input, 'NextToken', rules.paginationToken);
    const selected = world
      .projects()
      .filter((project) => !names || names.includes(project.name))
      .filter((project) => features.includes(project.feature));
    const { page, nextToken } = newestFirstPage(selected, token, 'DescribeProjects', 'account', maxResults);
    return { ProjectDescriptions: page.map(projectDescription), ...(nextToken ? { NextToken: nextToken } : {}) };
  },

  DeleteProject(input, world) {
    const arn = requiredString(input, 'ProjectArn', rules.arn);
    const project = world.projectByArn(arn);
    if (!project) throw errors.resourceNotFound(`The project ${arn} does not exist`);
    if (project.versions.size > 0) {
      throw errors.resourceInUse(
        `The project ${project.name} still has ${project.versions.size} model version(s); delete them first`,
      );
    }
    if (project.status !== 'DELETING') project.startDeleting(world.now());
    return { Status: project.status };
  },
};
