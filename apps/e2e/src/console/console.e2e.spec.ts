import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { TOTP, URI } from 'otpauth';
import type { BrowserContext, Page } from 'playwright-core';
import { createClient } from 'redis';
import { accessibilityProblems, screenshot, TestBrowser } from '../support/browser';
import { Mesh, startMesh } from '../support/mesh';

const ROOT = join(__dirname, '../../../..');
const ASSETS = join(ROOT, 'dist/apps/console/assets');
const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a new and longer passphrase';
const USER = 'walker@example.com';
const MINUTE = 60_000;

// Issue 18: the console served by the gateway at /console, driven by clicks in
// Debian's Chromium against the real mesh. People are browser contexts of
// their own (their own cookies); the tests run in order, as one story.
describe('the console in a real browser', () => {
  let mesh: Mesh;
  let browser: TestBrowser;
  // The user of the walkthrough on their first device, and the administrator.
  let user: { context: BrowserContext; page: Page };
  let admin: { context: BrowserContext; page: Page };
  let recoveryCodes: string[] = [];

  // A loaded machine: every step waits for a real page over a real mesh.
  jest.setTimeout(180_000);

  beforeAll(async () => {
    browser = await TestBrowser.launch();
    mesh = await startMesh();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await mesh?.stop();
  });

  const person = () => browser.person(mesh.gateway);

  async function signIn(page: Page, username: string, password: string): Promise<void> {
    await page.goto('/console/');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Who am I' }).waitFor();
  }

  // Waits until a message with this text is shown (a timeout fails the test).
  async function see(page: Page, role: 'alert' | 'status', text: string | RegExp): Promise<void> {
    await page.getByRole(role).filter({ hasText: text }).first().waitFor();
  }

  async function textOf(page: Page, role: 'alert' | 'status'): Promise<string> {
    const element = page.getByRole(role).first();
    await element.waitFor();
    return (await element.textContent()) ?? '';
  }

  async function checkPage(page: Page, name: string): Promise<void> {
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, name);
  }

  // The user's authenticator app, once TOTP is set up from the link the console shows.
  let authenticator: TOTP;
  let lastStep = -Infinity;
  // A code of the app. Each 30 s step is accepted once, and one step either
  // side of now: so a step after the last one used, from the previous step on
  // (far from the step's end, so the answer comes before it is too old).
  async function nextCode(): Promise<string> {
    const now = Math.floor(Date.now() / 30_000);
    let step = Math.max(lastStep + 1, now - 1);
    if (step === now - 1 && Date.now() % 30_000 > 20_000) step = now;
    // More codes than the window holds: the app's next step comes with the clock.
    const due = (step - 1) * 30_000 - Date.now();
    if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
    lastStep = step;
    return authenticator.generate({ timestamp: step * 30_000 });
  }

  // Signs out by clicking, then in with the password as far as the second step.
  async function passwordStep(page: Page, username: string, password: string): Promise<void> {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await see(page, 'status', 'You signed out.');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
  }

  async function sidCookie(context: BrowserContext) {
    const cookie = (await context.cookies()).find((candidate) => candidate.name === 'sid');
    if (!cookie) throw new Error('no sid cookie');
    return cookie;
  }

  // Rewrites the session record behind a context's cookie, as time would.
  async function ageCredentials(context: BrowserContext): Promise<void> {
    const token = (await context.cookies()).find((cookie) => cookie.name === 'sid')?.value ?? '';
    const key = `sess:${createHash('sha256').update(token).digest('hex')}`;
    const redis = createClient({ url: mesh.redis.url });
    await redis.connect();
    try {
      const record = JSON.parse((await redis.get(key)) ?? 'null') as Record<string, number>;
      record['createdAt'] -= 20 * MINUTE;
      record['authenticatedAt'] -= 16 * MINUTE;
      await redis.set(key, JSON.stringify(record), { KEEPTTL: true } as never);
    } finally {
      redis.destroy();
    }
  }

  it('is served at /console with its CSP, no inline script, and cache headers that fit each file', async () => {
    const index = await fetch(`${mesh.gateway}/console/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await index.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const asset = await fetch(`${mesh.gateway}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // A reload of one of the console's own pages, and a stale asset.
    expect(await (await fetch(`${mesh.gateway}/console/admin/users`)).text()).toBe(html);
    expect((await fetch(`${mesh.gateway}/console/assets/index-gone.js`)).status).toBe(404);
  });

  it('ships at most 200 kB of JavaScript, gzipped', () => {
    const scripts = readdirSync(ASSETS).filter((file) => file.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    const gzipped = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(join(ASSETS, file))).length, 0);
    expect(gzipped).toBeLessThanOrEqual(200 * 1024);
  });

  it('walks through the PoC by clicking: register, sign in, 403 as "You need ASSIGN_USERS", then allowed live once an administrator adds the user to Manager', async () => {
    user = await person();
    const { page } = user;
    await page.goto('/console/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await checkPage(page, 'sign-in');

    await page.getByRole('link', { name: 'Create one' }).click();
    await page.getByLabel('Email').fill(USER);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await checkPage(page, 'register');
    await page.getByRole('button', { name: 'Create account' }).click();
    await see(page, 'status', 'Your account is ready. Sign in with it.');
    expect(await page.getByLabel('Username').inputValue()).toBe(USER);

    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await see(page, 'alert', 'Wrong username or password.');
    await signIn(page, USER, PASSWORD);
    expect(await page.getByText('none', { exact: true }).isVisible()).toBe(true);

    await page.getByRole('link', { name: 'Users' }).click();
    await see(page, 'alert', 'You need ASSIGN_USERS.');
    await checkPage(page, 'forbidden');

    admin = await person();
    await signIn(admin.page, 'admin', 'admin');
    await admin.page.getByRole('link', { name: 'Users' }).click();
    await admin.page.getByRole('button', { name: `Manage ${USER}` }).click();
    await admin.page.getByRole('checkbox', { name: 'Manager' }).check();
    await admin.page.getByRole('button', { name: 'Save groups' }).click();
    await see(admin.page, 'status', `Groups of ${USER} saved.`);
    await checkPage(admin.page, 'users');

    // Back on the user's page: it reads who-am-I again when the window gets
    // focus, and the refused list loads by itself, without signing in again.
    // Headless Chromium moves no focus between pages itself: the window gets
    // the event a person's click back into it would give.
    await page.bringToFront();
    await page.evaluate("window.dispatchEvent(new Event('focus'))");
    await page.getByRole('table').waitFor();
    expect(await page.getByRole('cell', { name: USER, exact: true }).isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Who am I' }).click();
    expect(await page.getByRole('list', { name: 'My roles' }).textContent()).toBe('ASSIGN_USERS');
  });

  it('shows the 409 of the last-administrator guard', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'Manage admin' }).click();
    await page.getByRole('button', { name: 'Disable' }).click();
    await see(page, 'alert', /^Refused: /);
  });

  it('ends a session from another: the other device lands on the sign-in page at its next action', async () => {
    const other = await person();
    await signIn(other.page, USER, PASSWORD);

    const { page } = user;
    await page.getByRole('link', { name: 'My sessions' }).click();
    const rows = page.getByRole('row');
    await page.getByText('this session', { exact: true }).waitFor();
    expect(await rows.count()).toBe(3); // the header and two sessions
    await checkPage(page, 'sessions');
    await page.getByRole('button', { name: /^End this session: / }).click();
    await see(page, 'status', 'Session ended.');

    await other.page.getByRole('link', { name: 'My sessions' }).click();
    await other.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await see(other.page, 'status', 'Your session has ended. Sign in again.');
    await other.context.close();
  });

  it('asks for the password again when a sensitive action needs a recent sign-in, then does it', async () => {
    const other = await person();
    await signIn(other.page, USER, PASSWORD);
    const { page, context } = user;
    await page.reload();
    await page.getByText('this session', { exact: true }).waitFor();
    await ageCredentials(context);

    await page.getByRole('button', { name: 'End all other sessions' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    await dialog.waitFor();
    await dialog.getByLabel('Password', { exact: true }).fill('not the password');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    expect(await dialog.getByRole('alert').textContent()).toBe('Wrong username or password.');
    await checkPage(page, 'reauthenticate');
    await dialog.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await see(page, 'status', 'Ended 1 other session(s).');
    expect(await dialog.count()).toBe(0);

    await other.page.reload();
    await other.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await other.context.close();
  });

  it('changes the password, says it signs out everywhere, and does', async () => {
    const { page } = user;
    await page.getByRole('link', { name: 'Password' }).click();
    expect(await page.getByText('signs you out everywhere').isVisible()).toBe(true);
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await checkPage(page, 'password');
    await page.getByRole('button', { name: /^Change password/ }).click();
    await see(page, 'status', /^Password changed\. You were signed out everywhere/);
    await signIn(page, USER, NEW_PASSWORD);
  });

  it('creates a group and a role, gives the role to the group, and signs the group out', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Roles' }).click();
    await page.getByLabel('New role').fill('READ_REPORTS');
    await page.getByRole('button', { name: 'Create role' }).click();
    await see(page, 'status', 'Role READ_REPORTS created.');
    await checkPage(page, 'roles');

    await page.getByRole('link', { name: 'Groups' }).click();
    await page.getByLabel('New group').fill('Reporters');
    await page.getByRole('button', { name: 'Create group' }).click();
    await see(page, 'status', 'Group Reporters created.');
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Reporters' }) });
    await card.getByRole('checkbox', { name: 'READ_REPORTS' }).check();
    await card.getByRole('button', { name: 'Save roles of Reporters' }).click();
    await see(page, 'status', "Roles of Reporters saved; its members' sessions follow.");
    await card.getByText('Roles: READ_REPORTS').waitFor();
    await card.getByRole('button', { name: 'Sign out everyone in Reporters' }).click();
    await see(page, 'status', 'Signed out 0 member(s) of Reporters.');
    await checkPage(page, 'groups');
  });

  it('sets up two-factor authentication by clicking: the QR code, the link for the app, a code, the recovery codes once', async () => {
    const { page } = user;
    await page.getByRole('link', { name: 'Two-factor', exact: true }).click();
    await page.getByText(/^Off\./).waitFor();
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    const qr = page.getByRole('img', { name: /^QR code/ });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    const link = (await page.getByLabel('Set-up link').textContent()) ?? '';
    expect(link).toMatch(/^otpauth:\/\/totp\//);
    authenticator = URI.parse(link) as TOTP;
    expect(await page.getByLabel('Set-up key').textContent()).toBe(authenticator.secret.base32);
    await checkPage(page, 'two-factor-enrol');

    await page.getByLabel('Code from your authenticator app').fill('000000');
    await page.getByRole('button', { name: 'Turn on' }).click();
    await see(page, 'alert', /^That code is wrong, expired or already used/);
    await page.getByLabel('Code from your authenticator app').fill(await nextCode());
    await page.getByRole('button', { name: 'Turn on' }).click();
    await see(page, 'status', 'Two-factor authentication is on.');
    expect(await page.getByText('they are shown only this once').isVisible()).toBe(true);
    recoveryCodes = await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allTextContents();
    expect(recoveryCodes).toHaveLength(10);
    await checkPage(page, 'two-factor-recovery-codes');
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByText('10 recovery code(s) left').waitFor();
    await checkPage(page, 'two-factor-on');
    await page.getByRole('link', { name: 'Who am I' }).click();
    await page.getByText('password and second factor (aal 2)').waitFor();
  });

  it('signs in with the password and a code from the app; a used code gets a clear refusal', async () => {
    const { page } = user;
    await passwordStep(page, USER, NEW_PASSWORD);
    await checkPage(page, 'second-factor');
    // The code that confirmed the set-up: already used.
    await page
      .getByLabel('Code from your authenticator app')
      .fill(authenticator.generate({ timestamp: lastStep * 30_000 }));
    await page.getByRole('button', { name: 'Verify' }).click();
    await see(page, 'alert', /^That code is wrong, expired or already used/);
    await page.getByLabel('Code from your authenticator app').fill(await nextCode());
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Who am I' }).waitFor();
    await page.getByText('password and second factor (aal 2)').waitFor();
  });

  it('signs in with a recovery code once; the same code again is refused', async () => {
    const { page } = user;
    await passwordStep(page, USER, NEW_PASSWORD);
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCodes[0]);
    await checkPage(page, 'second-factor-recovery-code');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Who am I' }).waitFor();

    await passwordStep(page, USER, NEW_PASSWORD);
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCodes[0]);
    await page.getByRole('button', { name: 'Verify' }).click();
    await see(page, 'alert', /^That code is wrong, expired or already used/);
    // Dashes, spaces and case do not matter.
    await page.getByLabel('Recovery code').fill(` ${recoveryCodes[1].toLowerCase()} `);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Who am I' }).waitFor();
    await page.getByRole('link', { name: 'Two-factor', exact: true }).click();
    await page.getByText('8 recovery code(s) left').waitFor();
  });

  it('turns two-factor off once the step-up dialog has a code from the app', async () => {
    const { page, context } = user;
    await ageCredentials(context);
    await page.getByRole('button', { name: 'Turn off two-factor authentication' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: 'A code from my authenticator app' }).check();
    await dialog.getByLabel('Code from your authenticator app').fill(await nextCode());
    await checkPage(page, 'reauthenticate-code');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await see(page, 'status', 'Two-factor authentication is off.');
    await page.getByText(/^Off\./).waitFor();
  });

  it('keeps a remembered sign-in in a persistent cookie, and any other in a cookie that ends with the browser', async () => {
    expect((await sidCookie(admin.context)).expires).toBe(-1);
    const { context, page } = await person();
    await page.goto('/console/');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('admin');
    await page.getByRole('checkbox', { name: 'Remember me' }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Who am I' }).waitFor();
    expect((await sidCookie(context)).expires).toBeGreaterThan(Date.now() / 1000 + 3600);
    await page.getByText('yes, stays signed in after the browser closes').waitFor();
    await context.close();
  });

  it('finds a user by part of the name, searched by the API', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('table').waitFor();
    await page.getByLabel('Search users').fill('ALKER@EXAMPLE');
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.url().includes('/users?') && response.url().includes('search=')),
      page.getByRole('button', { name: 'Search', exact: true }).click(),
    ]);
    expect(new URL(answer.url()).searchParams.get('search')).toBe('ALKER@EXAMPLE');
    await page.getByText(/^Users whose name contains “ALKER@EXAMPLE”: 1–1 of 1$/).waitFor();
    expect(await page.getByRole('cell', { name: USER, exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('cell', { name: 'admin', exact: true }).count()).toBe(0);
    await checkPage(page, 'users-search');
    await page.getByLabel('Search users').fill('nobody-is-called-this');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText("No user's name contains “nobody-is-called-this”.").waitFor();
  });

  it('passes the accessibility scan on every other page, the audit trail among them', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('table').waitFor();
    await page.getByLabel('Event types').fill('login.failed');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('cell', { name: 'login.failed' }).first().waitFor();
    await checkPage(page, 'audit');
    for (const [link, name] of [
      ['Who am I', 'who-am-i'],
      ['My sessions', 'admin-sessions'],
      ['Password', 'admin-password'],
      ['Two-factor', 'admin-two-factor'],
    ] as const) {
      await page.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { level: 1 }).waitFor();
      await checkPage(page, name);
    }
  });

  it('says how long to wait when sign-ins are throttled', async () => {
    const { page } = await person();
    await page.goto('/console/');
    let message = '';
    for (let attempt = 0; attempt < 8 && !message.startsWith('Too many'); attempt++) {
      await page.getByLabel('Username').fill('nobody@example.com');
      await page.getByLabel('Password', { exact: true }).fill(`wrong ${attempt}`);
      await Promise.all([
        page.waitForResponse((response) => response.url().endsWith('/auth/login')),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      message = await textOf(page, 'alert');
    }
    expect(message).toMatch(/^Too many attempts\. Try again in \d+ (seconds?|minutes?)\.$/);
  });

  it('says the service is unavailable when user-service is down', async () => {
    await mesh.apps['user-service'].stop();
    const { page } = await person();
    await page.goto('/console/');
    await page.getByLabel('Username').fill(USER);
    await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await see(page, 'alert', 'The service is unavailable right now. Try again in a moment.');
  });
});
