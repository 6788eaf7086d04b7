import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { UserServiceError } from '../user-service.errors';

const FORMAT = 'v1';

// Seals short secrets (TOTP secrets) for storage with AES-256-GCM, so a dump
// of the database without the key reveals nothing. `context` is bound in as
// associated data: a sealed value copied to another user's row does not open.
// Stored as `v1.<iv>.<tag>.<ciphertext>`, each base64url.
export class SecretBox {
  constructor(private readonly key: Buffer | undefined) {}

  seal(plaintext: string, context: string): string {
    const key = this.requireKey();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  // Throws for a value sealed under another key or context, or tampered with.
  open(sealed: string, context: string): string {
    const key = this.requireKey();
    const [format, iv, tag, ciphertext] = sealed.split('.');
    if (format !== FORMAT || !iv || !tag || ciphertext === undefined) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
      .setAAD(Buffer.from(context))
      .setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }

  private requireKey(): Buffer {
    if (!this.key) {
      throw new UserServiceError(
        'second_factor_unavailable',
        'The second factor is not available: TOTP_ENCRYPTION_KEY is not set',
      );
    }
    return this.key;
  }
}
