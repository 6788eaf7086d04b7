import { Injectable } from '@nestjs/common';
import type { DisableTotpReply, TotpStatus, UserIdRequest } from '@session-mesh/contracts';
import { TotpFactors } from './totp-factors';

// What a user's second factor looks like, and turning it off.
@Injectable()
export class TotpSettingsService {
  constructor(private readonly factors: TotpFactors) {}

  async status({ userId }: UserIdRequest): Promise<TotpStatus> {
    const [factor, recoveryCodesLeft] = await Promise.all([
      this.factors.find(userId),
      this.factors.recoveryCodesLeft(userId),
    ]);
    return {
      enabled: factor?.confirmed === true,
      pendingConfirmation: factor !== null && !factor.confirmed,
      recoveryCodesLeft,
    };
  }

  async disable({ userId }: UserIdRequest): Promise<DisableTotpReply> {
    return { disabled: await this.factors.disable(userId) };
  }
}
