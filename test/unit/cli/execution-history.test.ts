import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { ExecutionHistory } from '../../../lib/cli/execution-history';
import { HistoryBuilder, scriptExecution } from './support/fake-execution';

const sfn = new SFNClient({ region: 'eu-west-1' });
const mock = mockClient(sfn);
const ARN = 'arn:aws:states:eu-west-1:123456789012:execution:M:e';

test('each poll reads only what is new: newest first, paging with nextToken until an event already seen', async () => {
  const h = new HistoryBuilder();
  const first = Array.from({ length: 600 }, () => h.task('X', {})).flat(); // 3,000 events: three pages
  const second = h.task('X', {}); // 5 more
  const { historyCalls } = scriptExecution(mock, {
    executionArn: ARN,
    batches: [first, second, []],
    end: { status: 'SUCCEEDED' },
  });
  const history = new ExecutionHistory(sfn, ARN);

  // The scripted execution reveals a batch on each DescribeExecution: drive it the way the follower does.
  await sfn.send(new DescribeExecutionCommand({ executionArn: ARN }));
  const firstRead = await history.newEvents();
  expect(firstRead.map((event) => event.id)).toEqual(first.map((event) => event.id));
  expect(historyCalls.map((call) => call.nextToken)).toEqual([undefined, '1000', '2000']);
  expect(historyCalls.every((call) => call.reverseOrder === true)).toBe(true);

  await sfn.send(new DescribeExecutionCommand({ executionArn: ARN }));
  const secondRead = await history.newEvents();
  expect(secondRead.map((event) => event.id)).toEqual(second.map((event) => event.id));
  expect(historyCalls).toHaveLength(4);

  await sfn.send(new DescribeExecutionCommand({ executionArn: ARN }));
  expect(await history.newEvents()).toEqual([]);
  expect(mock.commandCalls(GetExecutionHistoryCommand)).toHaveLength(5);
});
