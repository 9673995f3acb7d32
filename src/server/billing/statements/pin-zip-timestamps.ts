/**
 * Sets every entry's modification time in a zip (an .xlsx) to `at`, in place: ExcelJS's zip
 * writer stamps entries with the clock, so two renderings of the same statement would differ
 * in those bytes alone. Walks the central directory and each entry's local header; nothing
 * else of the archive is touched. A final statement's files are stamped with its finalization
 * instant (docs/money.md#statements).
 */
export function pinZipTimestamps(zip: Buffer, at: Date): Buffer {
  const end = findEndOfCentralDirectory(zip);
  const entries = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const { time, date } = dosDateTime(at);
  for (let entry = 0; entry < entries; entry += 1) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error("not a zip central directory entry");
    zip.writeUInt16LE(time, offset + 12);
    zip.writeUInt16LE(date, offset + 14);
    const local = zip.readUInt32LE(offset + 42);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error("not a zip local header");
    zip.writeUInt16LE(time, local + 10);
    zip.writeUInt16LE(date, local + 12);
    offset += 46 + zip.readUInt16LE(offset + 28) + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return zip;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at -= 1) {
    if (zip.readUInt32LE(at) === 0x06054b50) return at;
  }
  throw new Error("not a zip: no end of central directory");
}

/** MS-DOS time and date fields of an instant, in UTC (two-second resolution, years 1980–2107). */
function dosDateTime(at: Date): { time: number; date: number } {
  const year = Math.min(Math.max(at.getUTCFullYear(), 1980), 2107);
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}
