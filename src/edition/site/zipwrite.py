"""A reproducible zip whose unchanged members are taken over, compressed, from the previous one.

Why: the offline copy's zip deflated every page again at each build (level 9): 0.9 s of a
one-note change at 40 texts, 2.7 s at 160, for a handful of changed pages.  A member is taken
over only when the previous zip was written by the same writer with the same zlib (its archive
comment says so: `_signature`), under the same name and method, and its data inflates to exactly
the file's bytes now; so the zip is byte for byte the one written without a previous zip (tested).

The format is the plain one of APPNOTE.TXT (local headers, central directory, end record), as
Python's zipfile writes it for these members; an archive beyond its limits (65 535 members, 4 GiB)
is written by zipfile itself (with its ZIP64 records), without taking anything over.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_LIMIT = 0xFFFFFFFF
_VERSION = 20  # what an extractor needs: deflate (2.0)
_MADE_BY = (3 << 8) | _VERSION  # Unix, whatever machine builds it
_UTF8 = 0x800  # general purpose flag: the name is UTF-8


def _signature() -> bytes:
    """The archive comment: which writer and zlib made the compressed data (taken over only from a
    zip with the same comment; another zlib may deflate the same bytes differently)."""
    return f"edition-zip 1 zlib {zlib.ZLIB_RUNTIME_VERSION}".encode()


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate, as in a zip, level 9
    return compressor.compress(data) + compressor.flush()


def _previous_members(previous: Path | None) -> dict[str, tuple[int, bytes]]:
    """name → (method, compressed data) of the members of `previous` (when it is a zip of this
    writer and zlib; otherwise nothing)."""
    if previous is None or not previous.is_file():
        return {}
    try:
        with zipfile.ZipFile(previous) as old:
            if old.comment != _signature():
                return {}
            raw = previous.read_bytes()
            members = {}
            for info in old.infolist():
                start = info.header_offset
                fields = _LOCAL.unpack_from(raw, start)
                begin = start + _LOCAL.size + fields[9] + fields[10]
                members[info.filename] = (info.compress_type, raw[begin:begin + info.compress_size])
            return members
    except (zipfile.BadZipFile, struct.error, OSError, ValueError):
        return {}  # a damaged or foreign zip: everything is compressed again


def _compressed(name: str, data: bytes, method: int, old: dict[str, tuple[int, bytes]]) -> bytes:
    if method == zipfile.ZIP_STORED:
        return data
    kept = old.get(name)
    if kept is not None and kept[0] == method:
        try:
            if zlib.decompress(kept[1], -15) == data:
                return kept[1]
        except zlib.error:
            pass
    return _deflate(data)


def write(members: list[tuple[str, Path, bool]], target: Path, date_time: tuple,
          previous: Path | None = None) -> None:
    """Write the zip `target` of `members` (name, file, stored: True for data compressed already),
    in their order, every member dated `date_time` (year … second, from 1980), permissions 0644."""
    # Far from the limits of the plain format (compressed data can be a little longer than the file).
    if len(members) >= 0xFFFF or sum(p.stat().st_size for _, p, _ in members) >= _LIMIT // 2:
        _write_with_zipfile(members, target, date_time)
        return
    year, month, day, hour, minute, second = date_time
    time = (hour << 11) | (minute << 5) | (second // 2)
    date = ((year - 1980) << 9) | (month << 5) | day
    old = _previous_members(previous)
    central, offset = [], 0
    with open(target, "wb") as out:
        for name, path, stored in members:
            data = path.read_bytes()
            method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            packed = _compressed(name, data, method, old)
            encoded = name.encode("utf-8")
            flags = 0 if encoded.isascii() else _UTF8
            crc = zlib.crc32(data)
            out.write(_LOCAL.pack(0x04034B50, _VERSION, flags, method, time, date, crc, len(packed), len(data),
                                  len(encoded), 0))
            out.write(encoded)
            out.write(packed)
            central.append(_CENTRAL.pack(0x02014B50, _MADE_BY, _VERSION, flags, method, time, date, crc, len(packed),
                                         len(data), len(encoded), 0, 0, 0, 0, 0o644 << 16, offset) + encoded)
            offset += _LOCAL.size + len(encoded) + len(packed)
        directory = b"".join(central)
        comment = _signature()
        out.write(directory)
        out.write(_END.pack(0x06054B50, 0, 0, len(central), len(central), len(directory), offset, len(comment)))
        out.write(comment)


def _write_with_zipfile(members, target: Path, date_time: tuple) -> None:
    with zipfile.ZipFile(target, "w", allowZip64=True) as archive:
        for name, path, stored in members:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, path.read_bytes(), compresslevel=None if stored else 9)
