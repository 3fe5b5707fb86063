export { createJobTable, type RunningJobStore, startJobStore } from './start-job-store';
