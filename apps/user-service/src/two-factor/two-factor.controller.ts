import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ConfirmTotpReply,
  ConfirmTotpRpcRequest,
  DisableTotpReply,
  EnrollTotpReply,
  TotpStatus,
  UserIdRequest,
  UserRpc,
  VerifySecondFactorReply,
  VerifySecondFactorRequest,
} from '@session-mesh/contracts';
import { RpcController, ZodValidationPipe } from '@session-mesh/platform';
import { DatabaseErrorInterceptor } from '../database/database-error.interceptor';
import type { z } from 'zod';
import { EnrollTotpService } from './enroll-totp.service';
import { TotpSettingsService } from './totp-settings.service';
import { VerifySecondFactorService } from './verify-second-factor.service';

// Message handlers of the TOTP second factor, for auth-service. The database
// interceptor runs inside the RPC log line, so a Postgres outage is logged as
// the 503 it answers.
@RpcController({ interceptors: [DatabaseErrorInterceptor] })
export class TwoFactorController {
  constructor(
    private readonly enrolment: EnrollTotpService,
    private readonly settings: TotpSettingsService,
    private readonly verifier: VerifySecondFactorService,
  ) {}

  @MessagePattern(UserRpc.enrollTotp)
  enroll(@Payload(new ZodValidationPipe(UserIdRequest)) request: UserIdRequest): Promise<EnrollTotpReply> {
    return this.enrolment.enroll(request);
  }

  @MessagePattern(UserRpc.confirmTotp)
  confirm(
    @Payload(new ZodValidationPipe(ConfirmTotpRpcRequest)) request: ConfirmTotpRpcRequest,
  ): Promise<ConfirmTotpReply> {
    return this.enrolment.confirm(request);
  }

  @MessagePattern(UserRpc.totpStatus)
  status(@Payload(new ZodValidationPipe(UserIdRequest)) request: UserIdRequest): Promise<TotpStatus> {
    return this.settings.status(request);
  }

  @MessagePattern(UserRpc.disableTotp)
  disable(@Payload(new ZodValidationPipe(UserIdRequest)) request: UserIdRequest): Promise<DisableTotpReply> {
    return this.settings.disable(request);
  }

  @MessagePattern(UserRpc.verifySecondFactor)
  verify(
    @Payload(new ZodValidationPipe(VerifySecondFactorRequest))
    request: z.output<typeof VerifySecondFactorRequest>,
  ): Promise<VerifySecondFactorReply> {
    return this.verifier.verify(request);
  }
}
