import { describe, expect, it } from 'vitest';
import * as z from '../../../lambda/shared/zod.js';

// Each test file runs in its own module graph, so nothing here has loaded zod's classic API (which sets
// the English locale as a side effect): the messages below come from lambda/shared/zod.ts alone.
describe('zod/mini with English messages', () => {
  it('words built-in checks as classic zod does', () => {
    const schema = z.strictObject({ name: z.string().check(z.minLength(1)), count: z.int() });

    const result = schema.safeParse({ name: '', count: 1.5, extra: true });

    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'Too small: expected string to have >=1 characters',
      'Invalid input: expected int, received number',
      'Unrecognized key: "extra"',
    ]);
  });
});
