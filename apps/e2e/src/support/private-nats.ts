import { freePort } from '@session-mesh/session/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { Socket } from 'node:net';

// Debian installs nats-server in /usr/sbin, which is not on every PATH.
const NATS_SERVER = existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';

// A nats-server of the test's own on free ports (clients and monitoring), so
// no other run's subscribers share its subjects.
// It can be stopped and started again on the same ports.
export class PrivateNats {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    readonly monitorPort: number,
  ) {}

  static async start(): Promise<PrivateNats> {
    const nats = new PrivateNats(await freePort(), await freePort());
    await nats.start();
    return nats;
  }

  async start(): Promise<void> {
    const child = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(this.port), '-m', String(this.monitorPort)], {
      stdio: 'ignore',
    });
    this.child = child;
    const deadline = Date.now() + 5000;
    while (!(await accepts(this.port))) {
      if (Date.now() > deadline || child.exitCode !== null) {
        await this.stop();
        throw new Error(`${NATS_SERVER} did not start on port ${this.port}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  // Every subscription of every client: subject, queue group, client name.
  async subscriptions(): Promise<Array<{ subject: string; queue?: string; client: string }>> {
    const response = await fetch(`http://127.0.0.1:${this.monitorPort}/connz?subs=detail`);
    const body = (await response.json()) as {
      connections: Array<{ name?: string; subscriptions_list_detail?: Array<{ subject: string; qgroup?: string }> }>;
    };
    return body.connections.flatMap((connection) =>
      (connection.subscriptions_list_detail ?? []).map((sub) => ({
        subject: sub.subject,
        queue: sub.qgroup,
        client: connection.name ?? '',
      })),
    );
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
    socket.connect(port, '127.0.0.1');
  });
}
