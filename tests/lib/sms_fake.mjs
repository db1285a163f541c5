// A fake SMS provider for the tests: an HTTP server on 127.0.0.1 that takes
// what plam's SMS sender posts (POST, JSON {to, text, reference}, header
// Authorization: Bearer TOKEN) and keeps it. A wrong token gets 401; `fail`
// (a number of requests) answers 503 that many times first.
//
//   const sms = await startSmsFake({ token: 't0ken' });
//   ... plam serve --sms-url http://127.0.0.1:${sms.port}/send  (sms-token in the config file)
//   const m = await sms.waitFor((m) => m.to === '+33612345678');
//   await sms.stop();
import http from 'node:http';

export async function startSmsFake({ token = null, fail = 0 } = {}) {
  const fake = { port: 0, messages: [], requests: [], waiters: [], fail };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      fake.requests.push({ method: req.method, url: req.url, headers: req.headers, text });
      const reply = (status, body) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST') return reply(405, { error: 'method' });
      if (token && req.headers.authorization !== `Bearer ${token}`) return reply(401, { error: 'token' });
      if (fake.fail > 0) { fake.fail -= 1; return reply(503, { error: 'busy' }); }
      let m;
      try { m = JSON.parse(text); } catch { return reply(400, { error: 'json' }); }
      if (typeof m.to !== 'string' || typeof m.text !== 'string') return reply(400, { error: 'fields' });
      fake.messages.push(m);
      for (const w of [...fake.waiters]) if (w.pred(m)) { fake.waiters.splice(fake.waiters.indexOf(w), 1); w.resolve(m); }
      return reply(202, { id: `fake-${fake.messages.length}` });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.port = server.address().port;
  fake.url = `http://127.0.0.1:${fake.port}/send`;
  fake.stop = () => new Promise((resolve) => server.close(() => resolve()));
  fake.waitFor = (pred, timeoutMs = 20000) => {
    const found = fake.messages.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const w = { pred, resolve };
      fake.waiters.push(w);
      setTimeout(() => {
        const i = fake.waiters.indexOf(w);
        if (i >= 0) { fake.waiters.splice(i, 1); reject(new Error(`no matching SMS within ${timeoutMs} ms`)); }
      }, timeoutMs).unref();
    });
  };
  return fake;
}
