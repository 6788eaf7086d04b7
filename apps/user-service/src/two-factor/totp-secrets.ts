import { Inject, Injectable } from '@nestjs/common';
import { USER_SERVICE_CONFIG, UserServiceConfig } from '../config/user-service.config';
import { SecretBox } from './secret-box';

// Seals and opens TOTP secrets with the configured key, bound to their user.
@Injectable()
export class TotpSecrets {
  private readonly box: SecretBox;

  constructor(@Inject(USER_SERVICE_CONFIG) config: Pick<UserServiceConfig, 'totp'>) {
    this.box = new SecretBox(config.totp.encryptionKey);
  }

  seal(userId: number, secret: string): string {
    return this.box.seal(secret, contextOf(userId));
  }

  open(userId: number, sealed: string): string {
    return this.box.open(sealed, contextOf(userId));
  }
}

function contextOf(userId: number): string {
  return `totp:${userId}`;
}
