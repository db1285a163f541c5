// Fills a committee workbook the way a user would in a spreadsheet, for the
// end-to-end and browser tests: unzips the XLSX that plam wrote, sets cells
// of the data sheet (numbers, dates as Excel serials, inline strings) and
// zips it again. Only what the tests need: a small zip reader/writer over
// node:zlib (deflate, CRC-32) and cell replacement in the sheet XML.
//
//   const filled = fillWorkbook(buf, [{ ref: 'P2', number: 12 }, { ref: 'Q2', date: '2025-12-31' },
//                                     { ref: 'R2', text: 'note' }]);
import zlib from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Entries of a zip archive: [{name, data}] in directory order. */
export function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nlen = buf.readUInt16LE(p + 28), xlen = buf.readUInt16LE(p + 30), clen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nlen);
    const lstart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(lstart, lstart + csize);
    out.push({ name, data: method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw) });
    p += 46 + nlen + xlen + clen;
  }
  return out;
}

/** A zip archive of [{name, data}] (deflated). */
export function zip(entries) {
  const locals = [], centrals = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const n = Buffer.from(name, 'utf8');
    const comp = zlib.deflateRawSync(data);
    const crc = crc32(data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4); lh.writeUInt16LE(0x0800, 6); lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(0, 10); lh.writeUInt32LE(crc, 14); lh.writeUInt32LE(comp.length, 18);
    lh.writeUInt32LE(data.length, 22); lh.writeUInt16LE(n.length, 26); lh.writeUInt16LE(0, 28);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(20, 4); ch.writeUInt16LE(20, 6); ch.writeUInt16LE(0x0800, 8);
    ch.writeUInt16LE(8, 10); ch.writeUInt32LE(0, 12); ch.writeUInt32LE(crc, 16); ch.writeUInt32LE(comp.length, 20);
    ch.writeUInt32LE(data.length, 24); ch.writeUInt16LE(n.length, 28); ch.writeUInt32LE(offset, 42);
    locals.push(lh, n, comp);
    centrals.push(ch, n);
    offset += lh.length + n.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const colNum = (letters) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

/** Excel 1900-system serial of an ISO date. */
export function excelSerial(iso) {
  return Math.round((Date.UTC(...iso.split('-').map((v, i) => Number(v) - (i === 1 ? 1 : 0))) - Date.UTC(1899, 11, 30)) / 86400000);
}

function cellXml(ref, c) {
  if (c.number !== undefined) return `<c r="${ref}"><v>${c.number}</v></c>`;
  if (c.date !== undefined) return `<c r="${ref}"><v>${excelSerial(c.date)}</v></c>`;
  return `<c r="${ref}" t="inlineStr"><is><t>${esc(c.text)}</t></is></c>`;
}

/** Sets cells of the first worksheet ("Valeurs"); a cell set to {text: ''} is emptied. */
export function fillWorkbook(buf, cells, sheet = 'xl/worksheets/sheet1.xml') {
  const entries = unzip(buf);
  const e = entries.find((x) => x.name === sheet);
  if (!e) throw new Error(`no ${sheet} in the workbook`);
  let xml = e.data.toString('utf8');
  for (const c of cells) {
    const [, letters, row] = /^([A-Z]+)(\d+)$/.exec(c.ref);
    const rowRe = new RegExp(`<row r="${row}"[^>]*?(/>|>([\\s\\S]*?)</row>)`);
    let m = rowRe.exec(xml);
    if (!m) { // a new row before </sheetData>
      xml = xml.replace('</sheetData>', `<row r="${row}"></row></sheetData>`).replace('<sheetData/>', `<sheetData><row r="${row}"></row></sheetData>`);
      m = rowRe.exec(xml);
    }
    const open = m[0].replace(/\/?>[\s\S]*$/, '>');
    const existing = [...(m[2] || '').matchAll(/<c r="([A-Z]+)\d+"[\s\S]*?(?:\/>|<\/c>)/g)]
      .map((x) => ({ col: colNum(x[1]), xml: x[0] })).filter((x) => x.col !== colNum(letters));
    if (!(c.text === '' && c.number === undefined && c.date === undefined))
      existing.push({ col: colNum(letters), xml: cellXml(c.ref, c) });
    existing.sort((a, b) => a.col - b.col);
    xml = xml.replace(m[0], `${open}${existing.map((x) => x.xml).join('')}</row>`);
  }
  e.data = Buffer.from(xml, 'utf8');
  return zip(entries);
}
