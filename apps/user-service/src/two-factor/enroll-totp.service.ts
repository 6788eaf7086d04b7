import { Inject, Injectable } from '@nestjs/common';
import type { ConfirmTotpReply, ConfirmTotpRpcRequest, EnrollTotpReply, UserIdRequest } from '@session-mesh/contracts';
import { USER_SERVICE_CONFIG, UserServiceConfig } from '../config/user-service.config';
import { PrismaService } from '../database/prisma.service';
import { UserServiceError } from '../user-service.errors';
import { hashRecoveryCode, newRecoveryCodes } from './recovery-codes';
import { matchingTimeStep, newTotpSecret, otpauthUri } from './totp-codes';
import { TotpFactors } from './totp-factors';
import { TotpSecrets } from './totp-secrets';

// Enrolment of a TOTP factor: a new secret (shown once), then a code from the
// app proves the user holds it; only then do logins need it.
@Injectable()
export class EnrollTotpService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly factors: TotpFactors,
    private readonly secrets: TotpSecrets,
    @Inject(USER_SERVICE_CONFIG) private readonly config: Pick<UserServiceConfig, 'totp'>,
  ) {}

  async enroll({ userId }: UserIdRequest): Promise<EnrollTotpReply> {
    const user = await this.prisma.user.findUnique({ where: { id: userId }, select: { username: true } });
    if (!user) throw new UserServiceError('user_not_found', 'No such user');
    const secret = newTotpSecret();
    if (!(await this.factors.startEnrollment(userId, this.secrets.seal(userId, secret)))) {
      throw new UserServiceError('second_factor_enabled', 'TOTP is already enabled: disable it first');
    }
    return { secret, otpauthUri: otpauthUri(secret, this.config.totp.issuer, user.username) };
  }

  async confirm({ userId, code }: ConfirmTotpRpcRequest): Promise<ConfirmTotpReply> {
    const factor = await this.factors.find(userId);
    if (!factor || factor.confirmed) {
      throw new UserServiceError('second_factor_not_enrolled', 'No TOTP enrolment waits for confirmation: start one');
    }
    const step = matchingTimeStep(this.secrets.open(userId, factor.secret), code, factor.lastTimeStep);
    if (step === null) return { ok: false };
    const recoveryCodes = newRecoveryCodes();
    const confirmed = await this.factors.confirm(userId, factor.secret, step, recoveryCodes.map(hashRecoveryCode));
    return confirmed ? { ok: true, recoveryCodes } : { ok: false };
  }
}
