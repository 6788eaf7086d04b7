import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { READ_AND_SLIDE } from './session-scripts';

describe('the read script', () => {
  it('is printed in docs/session-format.md exactly as the store runs it, for readers in other languages', () => {
    const document = readFileSync(join(__dirname, '../../../../docs/session-format.md'), 'utf8');
    const printed = /```lua\n([\s\S]*?)```/.exec(document)?.[1];
    expect(printed).toBe(READ_AND_SLIDE.replace(/^\n/, ''));
  });
});
