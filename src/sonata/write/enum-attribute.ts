/**
 * h5wasm cannot create HDF5 enumerated types, and libsonata reads the `sorting` attribute of a
 * spikes population as one (HDF5 does not convert an integer attribute to an enum). So the
 * attribute is written as a fixed-length string of exactly the size the enum attribute needs,
 * then its datatype and value are rewritten in place and the object header's checksum updated.
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { Group } from "h5wasm/node";
import { loadedH5wasm } from "../hdf5.ts";
import { SonataError } from "../errors.ts";
import { lookup3 } from "./lookup3.ts";

const STRING_DATATYPE_SIZE = 8; // version 1 string: class, bit field and size, no properties
const SCALAR_DATASPACE = [2, 0, 0, 0]; // version 2, rank 0, no flags, scalar
const ATTRIBUTE_MESSAGE_VERSION = 3;

/** Add `name = value` to the group at `groupPath` as an 8-bit unsigned HDF5 enum attribute. */
export function writeEnumAttribute(
  path: string,
  groupPath: string,
  name: string,
  members: Record<string, number>,
  value: number,
): void {
  const datatype = enumDatatype(members);
  const placeholder = placeholderText(datatype.length + 1 - STRING_DATATYPE_SIZE);
  const file = new (loadedH5wasm().File)(path, "a");
  try {
    (file.get(groupPath) as Group).create_attribute(name, placeholder, null, `S${placeholder.length}`);
  } finally {
    file.close();
  }
  const bytes = new Uint8Array(readFileSync(path));
  const data = findUnique(bytes, new TextEncoder().encode(placeholder), path);
  const dataspace = data - SCALAR_DATASPACE.length;
  const datatypeAt = dataspace - STRING_DATATYPE_SIZE;
  const header = datatypeAt - (name.length + 1) - 9;
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  if (
    bytes[header] !== ATTRIBUTE_MESSAGE_VERSION ||
    view.getUint16(header + 2, true) !== name.length + 1 ||
    view.getUint16(header + 4, true) !== STRING_DATATYPE_SIZE ||
    view.getUint16(header + 6, true) !== SCALAR_DATASPACE.length
  ) {
    throw new SonataError(`could not rewrite attribute '${name}' as an enum: unexpected layout`, path);
  }
  view.setUint16(header + 4, datatype.length, true);
  bytes.set(datatype, datatypeAt);
  bytes.set(SCALAR_DATASPACE, datatypeAt + datatype.length);
  bytes[datatypeAt + datatype.length + SCALAR_DATASPACE.length] = value;
  updateHeaderChecksum(bytes, header, path);
  writeFileSync(path, bytes);
}

/** An enum datatype message (version 3) over an unsigned 8-bit base, members sorted by name. */
function enumDatatype(members: Record<string, number>): Uint8Array {
  const names = Object.keys(members).sort();
  const encoder = new TextEncoder();
  const parts: number[] = [
    0x38, names.length & 0xff, names.length >> 8, 0, // version 3, class 8 (enum); member count
    1, 0, 0, 0, // size: 1 byte
    0x10, 0, 0, 0, 1, 0, 0, 0, 0, 0, 8, 0, // base: version 1 fixed-point, unsigned, 1 byte, 8 bits
  ];
  for (const name of names) parts.push(...encoder.encode(name), 0);
  for (const name of names) parts.push(members[name]!);
  return Uint8Array.from(parts);
}

function placeholderText(length: number): string {
  const marker = "blueetl-enum-attribute-placeholder-";
  return marker.repeat(Math.ceil(length / marker.length)).slice(0, length);
}

function findUnique(bytes: Uint8Array, needle: Uint8Array, path: string): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const at = buffer.indexOf(needle);
  if (at < 0 || buffer.indexOf(needle, at + 1) >= 0) {
    throw new SonataError("could not find the enum attribute placeholder", path);
  }
  return at;
}

/** Recompute the checksum of the version 2 object header chunk holding `offset`. */
function updateHeaderChecksum(bytes: Uint8Array, offset: number, path: string): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  for (let start = offset; start >= 0; start--) {
    if (bytes[start] !== 0x4f || bytes[start + 1] !== 0x48 || bytes[start + 2] !== 0x44 || bytes[start + 3] !== 0x52) {
      continue; // not "OHDR"
    }
    const flags = bytes[start + 5]!;
    let p = start + 6 + (flags & 0x20 ? 16 : 0) + (flags & 0x10 ? 4 : 0);
    const width = 1 << (flags & 3);
    let size = 0;
    for (let i = 0; i < width; i++) size += bytes[p + i]! * 2 ** (8 * i);
    p += width;
    if (offset < p + size) {
      view.setUint32(p + size, lookup3(bytes.subarray(start, p + size)), true);
      return;
    }
  }
  throw new SonataError("could not find the object header of the enum attribute", path);
}
