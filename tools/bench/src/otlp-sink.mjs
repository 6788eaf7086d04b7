// A local OTLP/HTTP receiver for the bench's traced variant: accepts every
// export (POST /v1/traces, protobuf or JSON), counts the bytes and answers
// 200 with an empty body (an empty ExportTraceServiceResponse), so the
// exporter does its full work without a collector. GET /stats: what came in.
// Usage: node otlp-sink.mjs <port>
import http from 'node:http';

const stats = { exports: 0, bytes: 0 };
http
  .createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
      return;
    }
    req.on('data', (chunk) => (stats.bytes += chunk.length));
    req.on('end', () => {
      stats.exports++;
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/x-protobuf' }).end();
    });
  })
  .listen(Number(process.argv[2]), '127.0.0.1');
