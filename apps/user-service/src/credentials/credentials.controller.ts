import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  GetAuthorizationRequest,
  UserAuthorization,
  UserRpc,
  VerifyCredentialsReply,
  VerifyCredentialsRequest,
} from '@session-mesh/contracts';
import { RpcController, ZodValidationPipe } from '@session-mesh/platform';
import { DatabaseErrorInterceptor } from '../database/database-error.interceptor';
import { GetAuthorizationService } from './get-authorization.service';
import { VerifyCredentialsService } from './verify-credentials.service';

// Message handlers for auth-service, on the microservice transport. The
// database interceptor (also global) runs again inside the RPC log line, so a
// Postgres outage is logged as the 503 it answers.
@RpcController({ interceptors: [DatabaseErrorInterceptor] })
export class CredentialsController {
  constructor(
    private readonly verifyCredentials: VerifyCredentialsService,
    private readonly getAuthorization: GetAuthorizationService,
  ) {}

  @MessagePattern(UserRpc.verifyCredentials)
  verify(
    @Payload(new ZodValidationPipe(VerifyCredentialsRequest)) request: VerifyCredentialsRequest,
  ): Promise<VerifyCredentialsReply> {
    return this.verifyCredentials.verify(request);
  }

  @MessagePattern(UserRpc.getAuthorization)
  authorization(
    @Payload(new ZodValidationPipe(GetAuthorizationRequest)) request: GetAuthorizationRequest,
  ): Promise<UserAuthorization> {
    return this.getAuthorization.get(request);
  }
}
