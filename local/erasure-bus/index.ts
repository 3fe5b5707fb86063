export { type LocalErasureBus, type PublishedEvent, startLocalErasureBus } from './local-erasure-bus';
