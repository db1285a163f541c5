// A local SMTP sink for the tests: listens on 127.0.0.1, speaks enough of
// SMTP (RFC 5321) for libcurl — EHLO/HELO, optional AUTH PLAIN and LOGIN,
// MAIL FROM, RCPT TO, DATA with dot-unstuffing, RSET, NOOP, QUIT — and keeps
// every message it accepts for the tests to read.
//
//   const sink = await startSmtpSink();            // {port, messages, ...}
//   ... plam serve --smtp-url smtp://127.0.0.1:${sink.port} --smtp-starttls non
//   const m = await sink.waitFor((m) => m.to.includes('a@b.fr'));
//   m.headers.subject, m.text (quoted-printable decoded), m.raw
//   await sink.stop();   await sink.start();      // down and back on the same port
//
// Options: auth {user, pass} (then AUTH is required before MAIL), rejectRcpt
// (a function of the address: true answers 550).
import net from 'node:net';

/** Decodes RFC 2047 encoded words (B and Q, UTF-8) in a header value. */
export function decodeHeader(v) {
  return v.replace(/\r\n[ \t]/g, ' ').replace(/=\?UTF-8\?([QB])\?([^?]*)\?=(\s+(?==\?UTF-8\?))?/gi, (all, enc, text) => {
    if (enc.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
    const bytes = [];
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '_') bytes.push(0x20);
      else if (text[i] === '=') { bytes.push(parseInt(text.slice(i + 1, i + 3), 16)); i += 2; }
      else bytes.push(text.charCodeAt(i));
    }
    return Buffer.from(bytes).toString('utf8');
  });
}

/** Decodes a quoted-printable body (CRLF lines) into UTF-8 text with \n. */
export function decodeQuotedPrintable(body) {
  const joined = body.replace(/=\r\n/g, '');
  const bytes = [];
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === '=' && /^[0-9A-F]{2}$/.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(joined.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8').replace(/\r\n/g, '\n');
}

function parseMessage(raw, envelope) {
  const sep = raw.indexOf('\r\n\r\n');
  const head = sep < 0 ? raw : raw.slice(0, sep);
  const body = sep < 0 ? '' : raw.slice(sep + 4);
  const headers = {};
  for (const line of head.replace(/\r\n[ \t]/g, '\r\n\u0000').split('\r\n')) {
    if (line.startsWith('\u0000') && headers.__last) {
      headers[headers.__last] += `\r\n ${line.slice(1)}`;
      continue;
    }
    const c = line.indexOf(':');
    if (c > 0) {
      const k = line.slice(0, c).toLowerCase();
      headers[k] = line.slice(c + 1).trim();
      headers.__last = k;
    }
  }
  delete headers.__last;
  const qp = /quoted-printable/i.test(headers['content-transfer-encoding'] || '');
  return {
    ...envelope, raw, headers, rawBody: body,
    subject: decodeHeader(headers.subject || ''),
    text: qp ? decodeQuotedPrintable(body) : body.replace(/\r\n/g, '\n'),
  };
}

export async function startSmtpSink({ port = 0, auth = null, rejectRcpt = null } = {}) {
  const sink = {
    port, messages: [], sessions: 0, authSeen: [], server: null, sockets: new Set(),
    waiters: [],
  };

  function handle(socket) {
    sink.sessions += 1;
    sink.sockets.add(socket);
    socket.on('close', () => sink.sockets.delete(socket));
    socket.on('error', () => {});
    let buf = '';
    let state = 'cmd'; // cmd | data | authPlain | authUser | authPass
    let env = { from: null, to: [] };
    let authed = !auth;
    let authUser = '';
    let data = [];
    const say = (s) => socket.write(`${s}\r\n`);
    say('220 plam-test-sink ESMTP');
    socket.on('data', (chunk) => {
      buf += chunk.toString('latin1');
      let nl;
      while ((nl = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        if (state === 'data') {
          if (line === '.') {
            const raw = Buffer.from(data.join('\r\n') + '\r\n', 'latin1').toString('utf8');
            const m = parseMessage(raw, { from: env.from, to: [...env.to] });
            sink.messages.push(m);
            for (const w of [...sink.waiters]) if (w.pred(m)) { sink.waiters.splice(sink.waiters.indexOf(w), 1); w.resolve(m); }
            data = [];
            env = { from: null, to: [] };
            state = 'cmd';
            say('250 2.0.0 message accepted');
          } else data.push(line.startsWith('.') ? line.slice(1) : line);
          continue;
        }
        if (state === 'authPlain' || state === 'authUser' || state === 'authPass') {
          const dec = Buffer.from(line, 'base64').toString('utf8');
          if (state === 'authUser') { authUser = dec; state = 'authPass'; say('334 UGFzc3dvcmQ6'); continue; }
          let user = authUser, pass = dec;
          if (state === 'authPlain') [, user, pass] = dec.split('\u0000');
          state = 'cmd';
          sink.authSeen.push({ user, pass });
          if (auth && user === auth.user && pass === auth.pass) { authed = true; say('235 2.7.0 authenticated'); }
          else say('535 5.7.8 authentication failed');
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        const arg = line.slice(5);
        if (verb === 'EHLO') {
          socket.write('250-plam-test-sink\r\n250-8BITMIME\r\n250-SIZE 10485760\r\n');
          if (auth) socket.write('250-AUTH PLAIN LOGIN\r\n');
          say('250 SMTPUTF8');
        } else if (verb === 'HELO') say('250 plam-test-sink');
        else if (verb === 'AUTH') {
          const [mech, initial] = arg.split(' ');
          if (/^PLAIN$/i.test(mech)) {
            if (initial) {
              const [, user, pass] = Buffer.from(initial, 'base64').toString('utf8').split('\u0000');
              sink.authSeen.push({ user, pass });
              if (auth && user === auth.user && pass === auth.pass) { authed = true; say('235 2.7.0 authenticated'); }
              else say('535 5.7.8 authentication failed');
            } else { state = 'authPlain'; say('334 '); }
          } else if (/^LOGIN$/i.test(mech)) { state = 'authUser'; say('334 VXNlcm5hbWU6'); }
          else say('504 5.5.4 mechanism not supported');
        } else if (verb === 'MAIL') {
          if (!authed) { say('530 5.7.0 authentication required'); continue; }
          const m = /^FROM:\s*<([^>]*)>/i.exec(arg);
          if (!m) { say('501 5.5.4 syntax'); continue; }
          env = { from: m[1], to: [] };
          say('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          const m = /^TO:\s*<([^>]*)>/i.exec(arg);
          if (!m || env.from === null) { say('503 5.5.1 bad sequence'); continue; }
          if (rejectRcpt && rejectRcpt(m[1])) { say('550 5.1.1 no such user'); continue; }
          env.to.push(m[1]);
          say('250 2.1.5 ok');
        } else if (verb === 'DATA') {
          if (!env.to.length) { say('503 5.5.1 no recipient'); continue; }
          state = 'data';
          say('354 end with <CRLF>.<CRLF>');
        } else if (verb === 'RSET') { env = { from: null, to: [] }; say('250 ok'); }
        else if (verb === 'NOOP') say('250 ok');
        else if (verb === 'QUIT') { say('221 bye'); socket.end(); }
        else say('502 5.5.2 command not implemented');
      }
    });
  }

  sink.start = () => new Promise((resolve, reject) => {
    sink.server = net.createServer(handle);
    sink.server.once('error', reject);
    sink.server.listen(sink.port, '127.0.0.1', () => {
      sink.port = sink.server.address().port;
      resolve(sink);
    });
  });
  /** Closes the listener and every open session. */
  sink.stop = () => new Promise((resolve) => {
    if (!sink.server) { resolve(); return; }
    for (const s of sink.sockets) s.destroy();
    sink.server.close(() => resolve());
    sink.server = null;
  });
  /** The first message (already received or to come) for which pred holds. */
  sink.waitFor = (pred, timeoutMs = 20000) => {
    const found = sink.messages.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const w = { pred, resolve };
      sink.waiters.push(w);
      setTimeout(() => {
        const i = sink.waiters.indexOf(w);
        if (i >= 0) { sink.waiters.splice(i, 1); reject(new Error(`no matching message within ${timeoutMs} ms (${sink.messages.length} received)`)); }
      }, timeoutMs).unref();
    });
  };
  return sink.start();
}
