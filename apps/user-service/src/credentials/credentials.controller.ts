import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  GetAuthorizationRequest,
  UserAuthorization,
  UserRpc,
  VerifyCredentialsReply,
  VerifyCredentialsRequest,
} from '@session-mesh/contracts';
import { RpcController, ZodValidationPipe } from '@session-mesh/platform';
import { GetAuthorizationService } from './get-authorization.service';
import { VerifyCredentialsService } from './verify-credentials.service';

// Message handlers for auth-service, on the microservice transport.
@RpcController()
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
