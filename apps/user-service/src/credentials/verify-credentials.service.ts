import { Injectable } from '@nestjs/common';
import type { VerifyCredentialsReply, VerifyCredentialsRequest } from '@session-mesh/contracts';
import { PrismaService } from '../database/prisma.service';
import { ROLES_OF_USER, rolesOfGroups } from '../authorization/user-roles';
import { PasswordHasher } from './password-hasher';

@Injectable()
export class VerifyCredentialsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly hasher: PasswordHasher,
  ) {}

  // The hash comes first, in one indexed read; the roles (a join over groups,
  // several queries) are read while argon2 runs on the thread pool, so a login
  // waits for one query and the verify, not for all of them and the verify.
  // authzVersion comes with the hash and the roles are read after it, so they
  // are never older than their version: a change landing in between reaches
  // the session through the login's catch-up (auth-service's LoginService),
  // and a password change or disable then still ends it (revokeBelow).
  async verify({ username, password }: VerifyCredentialsRequest): Promise<VerifyCredentialsReply> {
    const user = await this.prisma.user.findUnique({
      where: { username },
      select: {
        id: true,
        username: true,
        passwordHash: true,
        authzVersion: true,
        disabledAt: true,
        totp: { select: { confirmedAt: true } },
      },
    });
    if (!user) {
      await this.hasher.verify(null, password);
      return { ok: false };
    }
    const [valid, withRoles] = await Promise.all([
      this.hasher.verify(user.passwordHash, password),
      this.prisma.user.findUnique({ where: { id: user.id }, select: ROLES_OF_USER }),
    ]);
    if (!valid || user.disabledAt || !withRoles) return { ok: false };
    if (this.hasher.needsRehash(user.passwordHash)) {
      // The only moment we hold the password: upgrade the hash to our
      // parameters, but only if it is still the hash we verified. A password
      // change that committed meanwhile must win: an unconditional write put
      // the old password back (found by the e2e session-invariants test).
      const passwordHash = await this.hasher.hash(password);
      await this.prisma.user.updateMany({
        where: { id: user.id, passwordHash: user.passwordHash },
        data: { passwordHash },
      });
    }
    return {
      ok: true,
      user: { userId: user.id, username: user.username, roles: rolesOfGroups(withRoles.groups) },
      authzVersion: user.authzVersion,
      // An enrolment not yet confirmed does not count: the user has not shown
      // they can produce codes.
      secondFactor: Boolean(user.totp?.confirmedAt),
    };
  }
}
