import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import {
  ConfirmTotpReply,
  DisableTotpReply,
  EnrollTotpReply,
  ErrorBody,
  GetSessionUserReply,
  SessionUser,
  TotpStatusReply,
  UserAuthorization,
  UserRpc,
  VerifyCredentialsReply,
  VerifyCredentialsRequest,
  VerifySecondFactorReply,
  VerifySecondFactorRequest,
} from '@session-mesh/contracts';
import { AppError, errorMessage, OutageLog, PlatformError, withRequestId } from '@session-mesh/platform';
import { firstValueFrom, timeout } from 'rxjs';
import { z } from 'zod';
import { AUTH_SERVICE_CONFIG, AuthServiceConfig } from '../config/auth-service.config';
import { USER_SERVICE_CLIENT } from './user-directory.constants';
import { AuthServiceError } from '../auth-service.errors';

// auth-service's view of user-service, over the microservice transport.
@Injectable()
export class UserDirectory {
  private readonly outage = new OutageLog('user-service (RPC)', new Logger('UserDirectory'));

  constructor(
    @Inject(USER_SERVICE_CLIENT) private readonly client: ClientProxy,
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
  ) {}

  // The user behind these credentials and the authorization version their
  // roles belong to, or null when the credentials are wrong. `secondFactor`:
  // the login needs a TOTP step before it is a session.
  async verifyCredentials(
    request: VerifyCredentialsRequest,
  ): Promise<{ user: SessionUser; authzVersion: number; secondFactor: boolean } | null> {
    const reply = await this.call(UserRpc.verifyCredentials, request, VerifyCredentialsReply);
    return reply.ok ? { user: reply.user, authzVersion: reply.authzVersion, secondFactor: reply.secondFactor } : null;
  }

  // The user with what they may do now when the TOTP or recovery code is
  // right and not used before (user-service uses it up), null otherwise.
  async verifySecondFactor(
    request: VerifySecondFactorRequest,
  ): Promise<{ user: SessionUser; authzVersion: number; method: 'totp' | 'recovery_code' } | null> {
    const reply = await this.call(UserRpc.verifySecondFactor, request, VerifySecondFactorReply);
    return reply.ok ? { user: reply.user, authzVersion: reply.authzVersion, method: reply.method } : null;
  }

  enrollTotp(userId: number): Promise<EnrollTotpReply> {
    return this.call(UserRpc.enrollTotp, { userId }, EnrollTotpReply);
  }

  // The recovery codes when the code confirms the enrolment, null otherwise.
  async confirmTotp(userId: number, code: string): Promise<string[] | null> {
    const reply = await this.call(UserRpc.confirmTotp, { userId, code }, ConfirmTotpReply);
    return reply.ok ? reply.recoveryCodes : null;
  }

  totpStatus(userId: number): Promise<TotpStatusReply> {
    return this.call(UserRpc.totpStatus, { userId }, TotpStatusReply);
  }

  async disableTotp(userId: number): Promise<boolean> {
    return (await this.call(UserRpc.disableTotp, { userId }, DisableTotpReply)).disabled;
  }

  // A user by id as a session would carry them (impersonation): 404
  // user_not_found (user-service's answer) if there is none.
  sessionUser(userId: number): Promise<GetSessionUserReply> {
    return this.call(UserRpc.getSessionUser, { userId }, GetSessionUserReply);
  }

  // What the user may do now.
  authorization(userId: number): Promise<UserAuthorization> {
    return this.call(UserRpc.getAuthorization, { userId }, UserAuthorization);
  }

  private async call<S extends z.ZodType>(pattern: string, request: object, replySchema: S): Promise<z.infer<S>> {
    let reply: unknown;
    try {
      reply = await firstValueFrom(
        this.client.send(pattern, withRequestId(request)).pipe(timeout(this.config.userService.timeoutMs)),
      );
    } catch (error) {
      const mapped = fromRpcError(error);
      // An error body is an answer: user-service is up (its own 503s are logged there).
      if (mapped.code === 'user_service_unavailable') this.outage.refuse(errorMessage(error));
      else this.outage.up();
      throw mapped;
    }
    this.outage.up();
    const parsed = replySchema.safeParse(reply);
    if (!parsed.success) throw new PlatformError('internal_error', 'user-service sent an unexpected reply');
    return parsed.data;
  }
}

// An error body from user-service keeps its code when it is the caller's
// fault or a 503; anything else (refused connection, timeout, a 500 there)
// means user-service cannot answer now.

function fromRpcError(error: unknown): AppError {
  const body = ErrorBody.safeParse(error);
  if (body.success) {
    const { code, statusCode, message, details } = body.data;
    if (statusCode < 500 || statusCode === 503) return new AppError(code, statusCode, message, details);
  }
  return new AuthServiceError('user_service_unavailable', 'user-service is unavailable, try again shortly');
}
