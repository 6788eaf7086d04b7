import { Injectable } from '@nestjs/common';
import { isUniqueViolation, PrismaService } from '../database/prisma.service';

export interface StoredTotpFactor {
  // Sealed (SecretBox).
  secret: string;
  confirmed: boolean;
  lastTimeStep: number | null;
}

// The TOTP factors and recovery codes in Postgres. Every "accept once" is one
// conditional statement, so two requests presenting the same code at the
// same moment cannot both pass: Postgres re-checks the condition of the
// second UPDATE or DELETE on the row the first one committed.
@Injectable()
export class TotpFactors {
  constructor(private readonly prisma: PrismaService) {}

  async find(userId: number): Promise<StoredTotpFactor | null> {
    const row = await this.prisma.totpFactor.findUnique({ where: { userId } });
    return row && { secret: row.secret, confirmed: row.confirmedAt !== null, lastTimeStep: row.lastTimeStep };
  }

  // Starts (or restarts) an enrolment with this sealed secret; false when the
  // user already has a confirmed factor, which only disabling removes.
  async startEnrollment(userId: number, secret: string): Promise<boolean> {
    const restarted = await this.prisma.totpFactor.updateMany({
      where: { userId, confirmedAt: null },
      data: { secret, lastTimeStep: null, createdAt: new Date() },
    });
    if (restarted.count === 1) return true;
    try {
      await this.prisma.totpFactor.create({ data: { userId, secret } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  // Confirms the enrolment whose secret the code was checked against (not one
  // restarted meanwhile) and replaces the user's recovery codes; false when
  // that enrolment is no longer waiting.
  confirm(userId: number, secret: string, timeStep: number, recoveryCodeHashes: string[]): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const confirmed = await tx.totpFactor.updateMany({
        where: { userId, secret, confirmedAt: null },
        data: { confirmedAt: new Date(), lastTimeStep: timeStep },
      });
      if (confirmed.count !== 1) return false;
      await tx.recoveryCode.deleteMany({ where: { userId } });
      await tx.recoveryCode.createMany({ data: recoveryCodeHashes.map((codeHash) => ({ userId, codeHash })) });
      return true;
    });
  }

  // Records that a code of `timeStep` was accepted; false when a code of that
  // step or a later one already was (a replay), or the factor is gone.
  async claimTimeStep(userId: number, timeStep: number): Promise<boolean> {
    const claimed = await this.prisma.totpFactor.updateMany({
      where: {
        userId,
        confirmedAt: { not: null },
        OR: [{ lastTimeStep: null }, { lastTimeStep: { lt: timeStep } }],
      },
      data: { lastTimeStep: timeStep },
    });
    return claimed.count === 1;
  }

  // Uses up a recovery code: true only for the one request that deletes it.
  async useRecoveryCode(userId: number, codeHash: string): Promise<boolean> {
    const used = await this.prisma.recoveryCode.deleteMany({ where: { userId, codeHash } });
    return used.count === 1;
  }

  async recoveryCodesLeft(userId: number): Promise<number> {
    return this.prisma.recoveryCode.count({ where: { userId } });
  }

  // Removes the factor and its recovery codes; false when there was none.
  disable(userId: number): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      await tx.recoveryCode.deleteMany({ where: { userId } });
      const removed = await tx.totpFactor.deleteMany({ where: { userId } });
      return removed.count === 1;
    });
  }
}
