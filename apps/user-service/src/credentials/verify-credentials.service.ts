import { Injectable } from '@nestjs/common';
import type { VerifyCredentialsReply, VerifyCredentialsRequest } from '@session-mesh/contracts';
import { PrismaService } from '../database/prisma.service';
import { ROLES_OF_USER, rolesOfGroups } from '../users/user-roles';
import { PasswordHasher } from './password-hasher';

@Injectable()
export class VerifyCredentialsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly hasher: PasswordHasher,
  ) {}

  async verify({ username, password }: VerifyCredentialsRequest): Promise<VerifyCredentialsReply> {
    const user = await this.prisma.user.findUnique({
      where: { username },
      select: { id: true, username: true, passwordHash: true, ...ROLES_OF_USER },
    });
    const valid = await this.hasher.verify(user?.passwordHash ?? null, password);
    if (!user || !valid) return { ok: false };
    return { ok: true, user: { userId: user.id, username: user.username, roles: rolesOfGroups(user.groups) } };
  }
}
