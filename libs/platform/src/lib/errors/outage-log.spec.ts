import { OutageLog } from './outage-log';

describe('OutageLog', () => {
  function setup() {
    const lines: string[] = [];
    let clock = 1_000;
    const logger = { error: (line: string) => lines.push(`E ${line}`), log: (line: string) => lines.push(`I ${line}`) };
    const outage = new OutageLog('Redis', logger, () => clock);
    return { lines, outage, advance: (ms: number) => (clock += ms) };
  }

  it('logs one line down and one line up, with the refused count, whatever the traffic', () => {
    const { lines, outage, advance } = setup();
    outage.up();
    for (let i = 0; i < 1000; i++) outage.refuse('connect ECONNREFUSED');
    outage.down('socket closed');
    advance(2_500);
    outage.up();
    outage.up();
    expect(lines).toEqual([
      'E Redis unavailable: connect ECONNREFUSED',
      'I Redis available again after 2.5 s; 1000 request(s) refused meanwhile',
    ]);
  });

  it('counts each outage on its own', () => {
    const { lines, outage } = setup();
    outage.refuse('a');
    outage.up();
    outage.down('b');
    outage.refuse('c');
    outage.up();
    expect(lines.filter((line) => line.startsWith('I'))).toEqual([
      'I Redis available again after 0.0 s; 1 request(s) refused meanwhile',
      'I Redis available again after 0.0 s; 1 request(s) refused meanwhile',
    ]);
    expect(outage.isDown).toBe(false);
  });
});
