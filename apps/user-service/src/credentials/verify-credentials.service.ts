import { Injectable } from '@nestjs/common';
import type {
  GetAuthorizationRequest,
  UserAuthorization,
  VerifyCredentialsReply,
  VerifyCredentialsRequest,
} from '@session-mesh/contracts';
import { PrismaService } from '../database/prisma.service';
import { readUserAuthorizations } from '../session-sync/user-authorization';
import { ROLES_OF_USER, rolesOfGroups } from '../users/user-roles';
import { PasswordHasher } from './password-hasher';

@Injectable()
export class VerifyCredentialsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly hasher: PasswordHasher,
  ) {}

  // Roles and authzVersion come from one read, so they belong together.
  async verify({ username, password }: VerifyCredentialsRequest): Promise<VerifyCredentialsReply> {
    const user = await this.prisma.user.findUnique({
      where: { username },
      select: { id: true, username: true, passwordHash: true, authzVersion: true, disabledAt: true, ...ROLES_OF_USER },
    });
    const valid = await this.hasher.verify(user?.passwordHash ?? null, password);
    if (!user || !valid || user.disabledAt) return { ok: false };
    if (this.hasher.needsRehash(user.passwordHash)) {
      // The only moment we hold the password: upgrade the hash to our parameters.
      const passwordHash = await this.hasher.hash(password);
      await this.prisma.user.update({ where: { id: user.id }, data: { passwordHash } });
    }
    return {
      ok: true,
      user: { userId: user.id, username: user.username, roles: rolesOfGroups(user.groups) },
      authzVersion: user.authzVersion,
    };
  }

  async authorization({ userId }: GetAuthorizationRequest): Promise<UserAuthorization> {
    const [authorization] = await readUserAuthorizations(this.prisma, [userId]);
    return authorization;
  }
}
