import { Injectable } from '@nestjs/common';
import type { ChangePasswordRequest } from '@session-mesh/contracts';
import { PasswordHasher } from '../credentials/password-hasher';
import { PrismaService } from '../database/prisma.service';
import { SessionSyncService } from '../authorization/session-sync.service';
import { UserServiceError } from '../user-service.errors';

@Injectable()
export class ChangePasswordService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly hasher: PasswordHasher,
    private readonly sessionSync: SessionSyncService,
  ) {}

  // A new password ends every session of the user, this one included: a
  // session opened by whoever knew the old password must not survive it.
  async change(userId: number, { currentPassword, newPassword }: ChangePasswordRequest): Promise<void> {
    const user = await this.prisma.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
    if (!user || !(await this.hasher.verify(user.passwordHash, currentPassword))) {
      throw new UserServiceError('invalid_credentials', 'The current password is wrong');
    }
    const passwordHash = await this.hasher.hash(newPassword);
    await this.sessionSync.change(
      async (tx) => {
        await tx.user.update({ where: { id: userId }, data: { passwordHash } });
        return { result: undefined, users: [userId] };
      },
      { endSessions: true },
    );
  }
}
