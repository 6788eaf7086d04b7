import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { availableParallelism } from 'node:os';
import { AtMost } from './at-most';

// OWASP's first recommended argon2id setting: 19 MiB, 2 iterations, 1 lane.
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// Each hash or verify holds its 19 MiB until it ends, and one lane keeps one
// core busy: more at once than there are cores (libuv runs 4) only adds
// memory, not logins per second. The bench saw user-service's peak RSS grow
// by 43 MiB under 4 concurrent logins on 2 cores.
const ARGON2_AT_ONCE = new AtMost(Math.max(1, Math.min(availableParallelism(), 4)));

@Injectable()
export class PasswordHasher {
  // Verified against when the user does not exist, so an unknown username
  // costs the same time as a wrong password.
  private dummyHash: Promise<string> | undefined;

  hash(password: string): Promise<string> {
    return ARGON2_AT_ONCE.run(() => argon2.hash(password, ARGON2_OPTIONS));
  }

  // True for a hash made with other (older, weaker) parameters than ours.
  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, ARGON2_OPTIONS);
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    if (hash === null) {
      this.dummyHash ??= this.hash('session-mesh dummy password');
      const dummy = await this.dummyHash;
      await ARGON2_AT_ONCE.run(() => argon2.verify(dummy, password)).catch(() => false);
      return false;
    }
    try {
      return await ARGON2_AT_ONCE.run(() => argon2.verify(hash, password));
    } catch {
      return false;
    }
  }
}
