import { liveNodeIndices, retiredNodesProblems } from '../../src/day-two/node-slots';

describe('which nodes a pool holds', () => {
  test('without retirements, the first replicas indices', () => {
    expect(liveNodeIndices(3, [])).toEqual([0, 1, 2]);
  });

  test('a retired index is skipped and never reused: 3 without node-02 is 0, 1, 3', () => {
    expect(liveNodeIndices(3, [2])).toEqual([0, 1, 3]);
    expect(liveNodeIndices(3, [0, 2])).toEqual([1, 3, 4]);
  });

  test('scaling down removes the highest live indices; retired ones above the pool cost nothing', () => {
    expect(liveNodeIndices(2, [2])).toEqual([0, 1]);
    expect(liveNodeIndices(2, [7])).toEqual([0, 1]);
    expect(liveNodeIndices(0, [1])).toEqual([]);
  });

  test('retiredNodes must be distinct whole indices', () => {
    expect(retiredNodesProblems('retiredNodes', [2, 5], 10)).toEqual([]);
    expect(retiredNodesProblems('retiredNodes', undefined, 10)).toEqual([]);
    expect(retiredNodesProblems('retiredNodes', [2, -1, 1.5, 'x', 2, 11], 10)).toEqual([
      expect.objectContaining({ field: 'retiredNodes[1]', received: -1 }),
      expect.objectContaining({ field: 'retiredNodes[2]', received: 1.5 }),
      expect.objectContaining({ field: 'retiredNodes[3]', received: 'x' }),
      expect.objectContaining({
        field: 'retiredNodes[4]',
        allowed: expect.stringContaining('retired twice'),
      }),
      expect.objectContaining({ field: 'retiredNodes[5]', received: 11 }),
    ]);
    expect(retiredNodesProblems('retiredNodes', 2, 10)).toEqual([
      expect.objectContaining({ field: 'retiredNodes', allowed: 'must be a list' }),
    ]);
  });
});
