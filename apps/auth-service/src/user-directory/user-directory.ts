import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import {
  ErrorBody,
  SessionUser,
  UserRpc,
  VerifyCredentialsReply,
  VerifyCredentialsRequest,
} from '@session-mesh/contracts';
import { AppError, ERROR_STATUS, ErrorCode } from '@session-mesh/platform';
import { firstValueFrom, timeout } from 'rxjs';
import { AUTH_SERVICE_CONFIG, AuthServiceConfig } from '../config/auth-service.config';
import { USER_SERVICE_CLIENT } from './user-directory.constants';

// auth-service's view of user-service, over the microservice transport.
@Injectable()
export class UserDirectory {
  constructor(
    @Inject(USER_SERVICE_CLIENT) private readonly client: ClientProxy,
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
  ) {}

  // The user behind these credentials, or null when they are wrong.
  async verifyCredentials(request: VerifyCredentialsRequest): Promise<SessionUser | null> {
    let reply: unknown;
    try {
      reply = await firstValueFrom(
        this.client.send(UserRpc.verifyCredentials, request).pipe(timeout(this.config.userService.timeoutMs)),
      );
    } catch (error) {
      throw fromRpcError(error);
    }
    const parsed = VerifyCredentialsReply.safeParse(reply);
    if (!parsed.success) throw new AppError('internal_error', 'user-service sent an unexpected reply');
    return parsed.data.ok ? parsed.data.user : null;
  }
}

// An error body from user-service keeps its code when it is the caller's
// fault or a 503; anything else (refused connection, timeout, a 500 there)
// means user-service cannot answer now.
function fromRpcError(error: unknown): AppError {
  const body = ErrorBody.safeParse(error);
  if (body.success && body.data.code in ERROR_STATUS) {
    const code = body.data.code as ErrorCode;
    const status = ERROR_STATUS[code];
    if (status < 500 || status === 503) return new AppError(code, body.data.message, body.data.details);
  }
  return new AppError('user_service_unavailable', 'user-service is unavailable, try again shortly');
}
