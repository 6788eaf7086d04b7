// The floor for a reverse proxy written in Node: node:http in, node:http out
// over keep-alive connections, headers and body streamed as they come, no
// routing, no header rewriting. The bench puts it in front of the same
// service as the gateway. Usage: node node-proxy.mjs <port> <upstream url>
import http from 'node:http';

const [port, upstream] = process.argv.slice(2);
const target = new URL(upstream);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

http
  .createServer((req, res) => {
    const outgoing = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    outgoing.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(outgoing);
  })
  .listen(Number(port), '127.0.0.1');
