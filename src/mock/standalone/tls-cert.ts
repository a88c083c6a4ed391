/// <reference types="node" />
// A self-signed certificate for `--tls`, made at start. Node 20 can parse X.509 but not write it,
// and `openssl` is not on every machine; rather than a dependency (every user of the element would
// install it) the certificate is written here: a few DER structures, signed with node:crypto. The
// key is an ECDSA P-256 key that never leaves memory. The certificate is an end-entity (CA:FALSE),
// so trusting it trusts this server and can never vouch for another.
import { X509Certificate, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';

// ---- DER ---------------------------------------------------------------------------------

function tlv(tag: number, content: Buffer): Buffer {
  const length = content.length;
  const head =
    length < 0x80 ? Buffer.from([length]) : (() => {
      const bytes = Buffer.from(length.toString(16).padStart(length > 0xff ? 4 : 2, '0'), 'hex');
      return Buffer.concat([Buffer.from([0x80 | bytes.length]), bytes]);
    })();
  return Buffer.concat([Buffer.from([tag]), head, content]);
}

const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, item: Buffer) => tlv(0xa0 + n, item);
const octets = (content: Buffer) => tlv(0x04, content);
const bits = (content: Buffer, unused = 0) => tlv(0x03, Buffer.concat([Buffer.from([unused]), content]));
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const bool = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0]));

/** A non-negative INTEGER from big-endian bytes (a leading 0 keeps it positive). */
function integer(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0 && bytes[start + 1]! < 0x80) start++;
  const trimmed = bytes.subarray(start);
  return tlv(0x02, trimmed[0]! >= 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const body = [40 * first! + second!];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let value = arc >>> 7; value > 0; value >>>= 7) chunk.unshift(0x80 | (value & 0x7f));
    body.push(...chunk);
  }
  return tlv(0x06, Buffer.from(body));
}

/** UTCTime until 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const [head = '', tail] = ip.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  const missing = 8 - groups(head).length - groups(tail ?? '').length;
  const all = [...groups(head), ...(tail === undefined ? [] : Array(missing).fill('0')), ...groups(tail ?? '')];
  return Buffer.concat(all.map((group) => Buffer.from(group.padStart(4, '0'), 'hex')));
}

// ---- the certificate ---------------------------------------------------------------------

const ECDSA_WITH_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));
const NAME = sequence(set(sequence(oid('2.5.4.3'), utf8('account-linker-mock'))));

const extension = (id: string, critical: boolean, value: Buffer) =>
  sequence(oid(id), ...(critical ? [bool(true)] : []), octets(value));

export interface SelfSignedCertificate {
  /** PEM of the certificate (what a client trusts: NODE_EXTRA_CA_CERTS, a system store). */
  cert: string;
  /** PEM of the private key, for the server only; never written to disk. */
  key: string;
  /** SHA-256 fingerprint, colon-separated hex, as browsers and `openssl x509 -fingerprint` print it. */
  fingerprint256: string;
  /** The names and addresses the certificate is valid for. */
  altNames: string[];
  notAfter: Date;
}

/**
 * A certificate for `names` (DNS names or IP addresses; `localhost`, 127.0.0.1 and ::1 are always
 * in), valid from an hour ago for `days` days.
 */
export function createSelfSignedCertificate(names: readonly string[] = [], days = 30): SelfSignedCertificate {
  const altNames = [...new Set(['localhost', '127.0.0.1', '::1', ...names.map((n) => n.replace(/^\[|\]$/g, '').toLowerCase())])];
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const serial = randomBytes(16);
  serial[0]! &= 0x7f; // positive, at most 20 octets (RFC 5280 §4.1.2.2)
  const notBefore = new Date(Date.now() - 3600_000);
  const notAfter = new Date(Date.now() + days * 86400_000);
  const san = sequence(
    ...altNames.map((name) => (isIP(name) ? tlv(0x87, ipBytes(name)) : tlv(0x82, Buffer.from(name, 'ascii')))),
  );
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(serial),
    ECDSA_WITH_SHA256,
    NAME,
    sequence(time(notBefore), time(notAfter)),
    NAME,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(
      3,
      sequence(
        extension('2.5.29.19', true, sequence()), // basicConstraints: not a CA
        extension('2.5.29.15', true, bits(Buffer.from([0x80]), 7)), // keyUsage: digitalSignature
        extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))), // extKeyUsage: serverAuth
        extension('2.5.29.17', false, san), // subjectAltName
      ),
    ),
  );
  const signature = sign('sha256', tbs, privateKey as KeyObject); // DER-encoded ECDSA signature
  const der = sequence(tbs, ECDSA_WITH_SHA256, bits(signature));
  const cert = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  // Read back with Node's own X.509 parser: a malformed certificate fails here, not in a client.
  const parsed = new X509Certificate(cert);
  if (!parsed.verify(publicKey)) throw new Error('The self-signed certificate does not verify.');
  return {
    cert,
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    fingerprint256: parsed.fingerprint256,
    altNames,
    notAfter,
  };
}
