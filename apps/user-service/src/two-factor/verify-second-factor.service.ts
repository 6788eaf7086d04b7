import { Injectable } from '@nestjs/common';
import type { VerifySecondFactorReply } from '@session-mesh/contracts';
import { VerifySecondFactorRequest } from '@session-mesh/contracts';
import type { z } from 'zod';
import { ROLES_OF_USER, rolesOfGroups } from '../authorization/user-roles';
import { PrismaService } from '../database/prisma.service';
import { hashRecoveryCode } from './recovery-codes';
import { matchingTimeStep } from './totp-codes';
import { TotpFactors } from './totp-factors';
import { TotpSecrets } from './totp-secrets';

type Request = z.output<typeof VerifySecondFactorRequest>;

// The second step of a login, or a re-authentication with a TOTP code: a code
// of the current time step (±1) not accepted before, or an unused recovery
// code. On success, what the user may do now, for the session to be written.
@Injectable()
export class VerifySecondFactorService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly factors: TotpFactors,
    private readonly secrets: TotpSecrets,
  ) {}

  async verify(request: Request): Promise<VerifySecondFactorReply> {
    const { userId } = request;
    const user = await this.prisma.user.findUnique({
      where: { id: userId },
      select: {
        username: true,
        authzVersion: true,
        disabledAt: true,
        totp: { select: { secret: true, confirmedAt: true, lastTimeStep: true } },
        ...ROLES_OF_USER,
      },
    });
    if (!user || user.disabledAt || !user.totp?.confirmedAt) return { ok: false };
    const { totp } = user;
    let accepted: boolean;
    if ('code' in request) {
      const step = matchingTimeStep(this.secrets.open(userId, totp.secret), request.code, totp.lastTimeStep);
      accepted = step !== null && (await this.factors.claimTimeStep(userId, step));
    } else {
      accepted = await this.factors.useRecoveryCode(userId, hashRecoveryCode(request.recoveryCode));
    }
    if (!accepted) return { ok: false };
    return {
      ok: true,
      method: 'code' in request ? 'totp' : 'recovery_code',
      user: { userId, username: user.username, roles: rolesOfGroups(user.groups) },
      authzVersion: user.authzVersion,
    };
  }
}
