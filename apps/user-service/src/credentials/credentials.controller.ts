import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  GetAuthorizationRequest,
  GetSessionUserReply,
  UserAuthorization,
  UserIdRequest,
  UserRpc,
  VerifyCredentialsReply,
  VerifyCredentialsRequest,
} from '@session-mesh/contracts';
import { RpcController, ZodValidationPipe } from '@session-mesh/platform';
import { DatabaseErrorInterceptor } from '../database/database-error.interceptor';
import { GetAuthorizationService } from './get-authorization.service';
import { GetSessionUserService } from './get-session-user.service';
import { VerifyCredentialsService } from './verify-credentials.service';

// Message handlers for auth-service, on the microservice transport. The
// database interceptor (also global) runs again inside the RPC log line, so a
// Postgres outage is logged as the 503 it answers.
@RpcController({ interceptors: [DatabaseErrorInterceptor] })
export class CredentialsController {
  constructor(
    private readonly verifyCredentials: VerifyCredentialsService,
    private readonly getAuthorization: GetAuthorizationService,
    private readonly getSessionUser: GetSessionUserService,
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

  @MessagePattern(UserRpc.getSessionUser)
  sessionUser(@Payload(new ZodValidationPipe(UserIdRequest)) request: UserIdRequest): Promise<GetSessionUserReply> {
    return this.getSessionUser.get(request);
  }
}
