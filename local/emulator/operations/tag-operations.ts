/** TagResource, UntagResource, ListTagsForResource on collections, projects and project versions. */
import type { EmulatorWorld } from '../model/emulator-world';
import { errors } from '../service/service-error';
import { type Input, MAX_TAGS, optionalTags, requiredString, requiredStringList, rules } from '../service/validation';
import type { OperationTable } from './operation';

/** The model's TagKeyList: more keys than a resource can hold, which is harmless (absent keys are ignored). */
const UNTAG_KEYS_MAX = 200;

export const tagOperations: OperationTable = {
  TagResource(input, world) {
    const tags = requireTagMap(input, world);
    const added = optionalTags(input, 'Tags');
    if (!added) {
      throw errors.invalidParameter(
        "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null",
      );
    }
    const merged = new Map([...tags, ...added]);
    if (merged.size > MAX_TAGS) {
      throw errors.serviceQuotaExceeded(`A resource can have at most ${MAX_TAGS} tags; this would make ${merged.size}`);
    }
    for (const [key, value] of added) tags.set(key, value);
    return {};
  },

  UntagResource(input, world) {
    const tags = requireTagMap(input, world);
    const keys = requiredStringList(input, 'TagKeys', { min: 0, max: UNTAG_KEYS_MAX }, rules.tagKey);
    for (const key of keys) tags.delete(key);
    return {};
  },

  ListTagsForResource(input, world) {
    return { Tags: Object.fromEntries(requireTagMap(input, world)) };
  },
};

function requireTagMap(input: Input, world: EmulatorWorld): Map<string, string> {
  const arn = requiredString(input, 'ResourceArn', rules.arn);
  const tags = world.tagsOf(arn);
  if (!tags) throw errors.resourceNotFound(`The resource ${arn} does not exist`);
  return tags;
}
