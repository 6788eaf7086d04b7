import { Injectable } from '@nestjs/common';
import type { GetAuthorizationRequest, UserAuthorization } from '@session-mesh/contracts';
import { readUserAuthorizations } from '../authorization/user-authorization';
import { PrismaService } from '../database/prisma.service';

@Injectable()
export class GetAuthorizationService {
  constructor(private readonly prisma: PrismaService) {}

  // What the user may do now; auth-service asks when a login raced a change.
  async get({ userId }: GetAuthorizationRequest): Promise<UserAuthorization> {
    const [authorization] = await readUserAuthorizations(this.prisma, [userId]);
    return authorization;
  }
}
