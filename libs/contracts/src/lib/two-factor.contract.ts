import { z } from 'zod';
import { RecoveryCodeInput, TotpCode } from './auth.contract';

// The second step of a login whose user has TOTP (POST /auth/login/second-factor),
// with a code of the authenticator app or one of the recovery codes.
export const SecondFactorRequest = z
  .union([z.strictObject({ code: TotpCode }), z.strictObject({ recoveryCode: RecoveryCodeInput })])
  .meta({ id: 'SecondFactorRequest' });
export type SecondFactorRequest = z.infer<typeof SecondFactorRequest>;

// POST /auth/totp: the secret, shown once. Enrolment ends with POST /auth/totp/confirm.
export const TotpEnrollment = z
  .object({
    secret: z.string().describe('The base32 secret, for apps that cannot scan the QR code'),
    otpauthUri: z.string().describe('otpauth://totp/... URI holding the secret (RFC 6238, SHA-1, 6 digits, 30 s)'),
    qrCodeSvg: z.string().describe('The otpauth URI as a QR code, an SVG document'),
  })
  .meta({ id: 'TotpEnrollment' });
export type TotpEnrollment = z.infer<typeof TotpEnrollment>;

export const ConfirmTotpRequest = z.strictObject({ code: TotpCode }).meta({ id: 'ConfirmTotpRequest' });
export type ConfirmTotpRequest = z.infer<typeof ConfirmTotpRequest>;

export const RecoveryCodes = z
  .object({
    recoveryCodes: z
      .array(z.string())
      .describe('Ten single-use codes, shown only now: each completes one login in place of a TOTP code'),
  })
  .meta({ id: 'RecoveryCodes' });
export type RecoveryCodes = z.infer<typeof RecoveryCodes>;

// POST /auth/totp/confirm's answer: the codes, and for a bearer session the
// new token it moved to (a cookie session's travels in Set-Cookie).
export const ConfirmTotpResponse = RecoveryCodes.extend({
  token: z
    .string()
    .optional()
    .describe('Only for a session with transport "bearer": the new token at aal 2; the old one has ended'),
}).meta({ id: 'ConfirmTotpResponse' });
export type ConfirmTotpResponse = z.infer<typeof ConfirmTotpResponse>;

export const TotpStatus = z
  .object({
    enabled: z.boolean().describe('Whether logins need a TOTP code (enrolment confirmed)'),
    pendingConfirmation: z.boolean().describe('An enrolment waits for POST /auth/totp/confirm'),
    recoveryCodesLeft: z.int().nonnegative(),
  })
  .meta({ id: 'TotpStatus' });
export type TotpStatus = z.infer<typeof TotpStatus>;
