import * as argon2 from 'argon2';
import type { PrismaService } from '../database/prisma.service';
import { seedDatabase } from '../seed/seed-database';
import { offlineSessionSync } from '../testing/offline-session-sync';
import { createTestDatabase, TestDatabase } from '../testing/test-database';
import { ChangePasswordService } from '../users/change-password.service';
import { PasswordHasher } from './password-hasher';
import { VerifyCredentialsService } from './verify-credentials.service';

// A hasher whose next hash() waits until the test lets it go: the login's
// hash upgrade then runs after whatever the test does meanwhile.
class HeldHasher extends PasswordHasher {
  private release: (() => void) | undefined;
  readonly hashing: Promise<void>;
  private started!: () => void;

  constructor() {
    super();
    this.hashing = new Promise((resolve) => (this.started = resolve));
  }

  override async hash(password: string): Promise<string> {
    const held = new Promise<void>((resolve) => (this.release = resolve));
    this.started();
    await held;
    return super.hash(password);
  }

  go(): void {
    this.release?.();
  }
}

// Found by apps/e2e/src/concurrency/session-invariants.e2e.spec.ts: a login
// with the old password that upgraded a legacy hash wrote it back over a
// password change that committed meanwhile (the old password worked again,
// the new one no longer did).
describe('login hash upgrade racing a password change (real Postgres)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    // The last-administrator guard runs on every change: the seed's admin holds.
    await seedDatabase(db.prisma, new PasswordHasher(), 'admin');
  });

  afterAll(() => db.drop());

  it('keeps the new password: the upgrade only replaces the hash it verified', async () => {
    const prisma = db.prisma as unknown as PrismaService;
    const legacy = await argon2.hash('old password', { type: argon2.argon2id, memoryCost: 4096, timeCost: 3 });
    const { id } = await db.prisma.user.create({ data: { username: 'ann@example.com', passwordHash: legacy } });

    const held = new HeldHasher();
    const login = new VerifyCredentialsService(prisma, held).verify({
      username: 'ann@example.com',
      password: 'old password',
    });
    // The login has verified the old password and is about to upgrade its hash.
    await held.hashing;
    const hasher = new PasswordHasher();
    await new ChangePasswordService(prisma, hasher, await offlineSessionSync(prisma)).change(id, {
      currentPassword: 'old password',
      newPassword: 'new password',
    });
    held.go();
    expect(await login).toMatchObject({ ok: true });

    const { passwordHash } = await db.prisma.user.findUniqueOrThrow({ where: { id } });
    expect(await hasher.verify(passwordHash, 'new password')).toBe(true);
    expect(await hasher.verify(passwordHash, 'old password')).toBe(false);
  });
});
