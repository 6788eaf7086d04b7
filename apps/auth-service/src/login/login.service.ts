import { Injectable } from '@nestjs/common';
import type { LoginRequest } from '@session-mesh/contracts';
import { AppError } from '@session-mesh/platform';
import { CreatedSession, SessionClientInfo, SessionWriter } from '@session-mesh/session';
import { UserDirectory } from '../user-directory/user-directory';

@Injectable()
export class LoginService {
  constructor(
    private readonly users: UserDirectory,
    private readonly sessions: SessionWriter,
  ) {}

  async login(credentials: LoginRequest, client: SessionClientInfo): Promise<CreatedSession> {
    const user = await this.users.verifyCredentials(credentials);
    // One answer for an unknown user and a wrong password.
    if (!user) throw new AppError('invalid_credentials', 'Wrong username or password');
    return this.sessions.create(user, client);
  }
}
