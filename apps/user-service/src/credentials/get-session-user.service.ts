import { Injectable } from '@nestjs/common';
import type { GetSessionUserReply, UserIdRequest } from '@session-mesh/contracts';
import { ROLES_OF_USER, rolesOfGroups } from '../authorization/user-roles';
import { PrismaService } from '../database/prisma.service';
import { UserServiceError } from '../user-service.errors';

@Injectable()
export class GetSessionUserService {
  constructor(private readonly prisma: PrismaService) {}

  // A user as a session would carry them, for auth-service to impersonate.
  // One read: the version and the roles it belongs to come together.
  async get({ userId }: UserIdRequest): Promise<GetSessionUserReply> {
    const user = await this.prisma.user.findUnique({
      where: { id: userId },
      select: { id: true, username: true, authzVersion: true, disabledAt: true, ...ROLES_OF_USER },
    });
    if (!user) throw new UserServiceError('user_not_found', `No user with id ${userId}`);
    return {
      user: { userId: user.id, username: user.username, roles: rolesOfGroups(user.groups) },
      authzVersion: user.authzVersion,
      disabled: user.disabledAt !== null,
    };
  }
}
