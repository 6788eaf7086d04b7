import { freePort } from '@session-mesh/session/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { Socket } from 'node:net';

// Debian installs nats-server in /usr/sbin, which is not on every PATH.
const NATS_SERVER = existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';

// A nats-server of the test's own on free ports (clients and monitoring), so
// no other run's subscribers share its subjects.
export class PrivateNats {
  private constructor(
    readonly port: number,
    readonly monitorPort: number,
    private readonly child: ChildProcess,
  ) {}

  static async start(): Promise<PrivateNats> {
    const [port, monitorPort] = [await freePort(), await freePort()];
    const child = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(port), '-m', String(monitorPort)], {
      stdio: 'ignore',
    });
    const nats = new PrivateNats(port, monitorPort, child);
    const deadline = Date.now() + 5000;
    while (!(await accepts(port))) {
      if (Date.now() > deadline || child.exitCode !== null) {
        await nats.stop();
        throw new Error(`${NATS_SERVER} did not start on port ${port}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return nats;
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
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await once(this.child, 'exit');
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
