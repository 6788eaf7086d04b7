import { Secret, TOTP } from 'otpauth';
import { randomBytes } from 'node:crypto';
import type { PrismaService } from '../database/prisma.service';
import { createTestDatabase, TestDatabase } from '../testing/test-database';
import { EnrollTotpService } from './enroll-totp.service';
import { TOTP_PERIOD_SECONDS } from './totp-codes';
import { TotpFactors } from './totp-factors';
import { TotpSecrets } from './totp-secrets';
import { TotpSettingsService } from './totp-settings.service';
import { VerifySecondFactorService } from './verify-second-factor.service';

// Lets claimTimeStep through only once `parties` callers have reached it, so
// every request has checked the code before any of them records it: the
// interleaving in which only the database's conditional UPDATE stops a replay.
class BarrierFactors extends TotpFactors {
  private arrived = 0;
  private open!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));

  constructor(
    prisma: PrismaService,
    private readonly parties: number,
  ) {
    super(prisma);
  }

  override async claimTimeStep(userId: number, timeStep: number): Promise<boolean> {
    if (++this.arrived === this.parties) this.open();
    await this.gate;
    return super.claimTimeStep(userId, timeStep);
  }
}

const codeAt = (secret: string, stepOffset: number) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + stepOffset * TOTP_PERIOD_SECONDS * 1000 });

describe('TOTP second factor on real Postgres', () => {
  let db: TestDatabase;
  let prisma: PrismaService;
  const secrets = new TotpSecrets({ totp: { encryptionKey: randomBytes(32), issuer: 'session-mesh' } });

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = db.prisma as unknown as PrismaService;
  });

  afterAll(() => db.drop());

  // A user with a confirmed factor; the confirmation used the previous step's code.
  async function enrolledUser(name: string): Promise<{ userId: number; secret: string; recoveryCodes: string[] }> {
    const { id: userId } = await db.prisma.user.create({ data: { username: name, passwordHash: 'x' } });
    const enrolment = new EnrollTotpService(prisma, new TotpFactors(prisma), secrets, {
      totp: { encryptionKey: undefined, issuer: 'session-mesh' },
    });
    const { secret } = await enrolment.enroll({ userId });
    const confirmed = await enrolment.confirm({ userId, code: codeAt(secret, -1) });
    if (!confirmed.ok) throw new Error('confirmation failed');
    return { userId, secret, recoveryCodes: confirmed.recoveryCodes };
  }

  it('stores the secret sealed and the recovery codes hashed', async () => {
    const { userId, secret, recoveryCodes } = await enrolledUser('sealed@example.com');
    const [row] = await db.query<{ secret: string }>('SELECT secret FROM "TotpFactor" WHERE "userId" = $1', [userId]);
    expect(row.secret).not.toContain(secret);
    expect(secrets.open(userId, row.secret)).toBe(secret);
    const hashes = await db.query<{ codeHash: string }>('SELECT "codeHash" FROM "RecoveryCode" WHERE "userId" = $1', [
      userId,
    ]);
    expect(hashes).toHaveLength(10);
    const stored = hashes.map((h) => h.codeHash).join();
    for (const code of recoveryCodes) expect(stored).not.toContain(code.replace(/-/g, ''));
  });

  it('accepts a code once when two requests present it at the same moment', async () => {
    const { userId, secret } = await enrolledUser('race@example.com');
    const factors = new BarrierFactors(prisma, 2);
    const verifier = new VerifySecondFactorService(prisma, factors, secrets);
    const code = codeAt(secret, 0);
    const results = await Promise.all([verifier.verify({ userId, code }), verifier.verify({ userId, code })]);
    expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
    // And later, alone.
    expect(
      await new VerifySecondFactorService(prisma, new TotpFactors(prisma), secrets).verify({ userId, code }),
    ).toEqual({
      ok: false,
    });
  });

  it('refuses a code older than the last one accepted', async () => {
    const { userId, secret } = await enrolledUser('older@example.com');
    const verifier = new VerifySecondFactorService(prisma, new TotpFactors(prisma), secrets);
    expect(await verifier.verify({ userId, code: codeAt(secret, 1) })).toMatchObject({ ok: true, method: 'totp' });
    expect(await verifier.verify({ userId, code: codeAt(secret, 0) })).toEqual({ ok: false });
  });

  it('uses a recovery code up: of five requests at once one passes, and it never passes again', async () => {
    const { userId, recoveryCodes } = await enrolledUser('recovery@example.com');
    const verifier = new VerifySecondFactorService(prisma, new TotpFactors(prisma), secrets);
    const [code, other] = recoveryCodes;
    const results = await Promise.all(
      Array.from({ length: 5 }, () => verifier.verify({ userId, recoveryCode: code.replace(/-/g, '') })),
    );
    expect(results.filter((r) => r.ok)).toEqual([
      {
        ok: true,
        method: 'recovery_code',
        user: { userId, username: 'recovery@example.com', roles: [] },
        authzVersion: 0,
      },
    ]);
    expect(await verifier.verify({ userId, recoveryCode: code.replace(/-/g, '') })).toEqual({ ok: false });
    expect(await verifier.verify({ userId, recoveryCode: other.replace(/-/g, '') })).toMatchObject({ ok: true });
    expect(await new TotpSettingsService(new TotpFactors(prisma)).status({ userId })).toEqual({
      enabled: true,
      pendingConfirmation: false,
      recoveryCodesLeft: 8,
    });
  });

  it('refuses everything once the factor is disabled, and a second confirmation or enrolment', async () => {
    const { userId, secret, recoveryCodes } = await enrolledUser('off@example.com');
    const factors = new TotpFactors(prisma);
    const enrolment = new EnrollTotpService(prisma, factors, secrets, {
      totp: { encryptionKey: undefined, issuer: 'x' },
    });
    await expect(enrolment.enroll({ userId })).rejects.toMatchObject({ code: 'second_factor_enabled' });
    await expect(enrolment.confirm({ userId, code: codeAt(secret, 0) })).rejects.toMatchObject({
      code: 'second_factor_not_enrolled',
    });
    expect(await new TotpSettingsService(factors).disable({ userId })).toEqual({ disabled: true });
    const verifier = new VerifySecondFactorService(prisma, factors, secrets);
    expect(await verifier.verify({ userId, code: codeAt(secret, 0) })).toEqual({ ok: false });
    expect(await verifier.verify({ userId, recoveryCode: recoveryCodes[0].replace(/-/g, '') })).toEqual({ ok: false });
    expect(await new TotpSettingsService(factors).disable({ userId })).toEqual({ disabled: false });
  });
});
