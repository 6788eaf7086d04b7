import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { EnrollTotpService } from './enroll-totp.service';
import { TotpFactors } from './totp-factors';
import { TotpSecrets } from './totp-secrets';
import { TotpSettingsService } from './totp-settings.service';
import { TwoFactorController } from './two-factor.controller';
import { VerifySecondFactorService } from './verify-second-factor.service';

// The TOTP second factor: its secret and recovery codes live here, beside the
// password; auth-service asks over RPC and writes the sessions.
@Module({
  imports: [DatabaseModule],
  controllers: [TwoFactorController],
  providers: [TotpFactors, TotpSecrets, EnrollTotpService, TotpSettingsService, VerifySecondFactorService],
})
export class TwoFactorModule {}
