//! Byte-level helpers shared by the command families: reading CDB fields
//! (a missing byte reads as zero, so no CDB can make the drive panic) and
//! handing an answer to the data-in buffer under the allocation length.

use super::Sense;

/// What a command did with its data phase.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Reply {
    /// No data-in phase (GOOD).
    Done,
    /// A data-in phase: `written` bytes are in the buffer; the drive would
    /// have sent `wanted` bytes (min of allocation length and answer), so
    /// `wanted > written` is an over-run and `written < buffer` an under-run.
    DataIn {
        /// Bytes placed in the buffer.
        written: usize,
        /// Bytes the drive meant to send.
        wanted: usize,
    },
}

/// The outcome of one command as the drive sees it.
pub(crate) type Outcome = Result<Reply, Sense>;

/// CDB byte `i` (0 when the CDB is shorter).
pub(crate) fn byte(cdb: &[u8], i: usize) -> u8 {
    cdb.get(i).copied().unwrap_or(0)
}

/// Big-endian 16-bit CDB field at `i`.
pub(crate) fn be16(cdb: &[u8], i: usize) -> u16 {
    u16::from_be_bytes([byte(cdb, i), byte(cdb, i + 1)])
}

/// Big-endian 24-bit CDB field at `i`.
pub(crate) fn be24(cdb: &[u8], i: usize) -> u32 {
    u32::from_be_bytes([0, byte(cdb, i), byte(cdb, i + 1), byte(cdb, i + 2)])
}

/// Big-endian 32-bit CDB field at `i`.
pub(crate) fn be32(cdb: &[u8], i: usize) -> u32 {
    u32::from_be_bytes([
        byte(cdb, i),
        byte(cdb, i + 1),
        byte(cdb, i + 2),
        byte(cdb, i + 3),
    ])
}

/// Copies the first `min(alloc, answer, buffer)` bytes of `answer` into the
/// data-in buffer.
pub(crate) fn answer(buf: &mut [u8], bytes: &[u8], alloc: usize) -> Reply {
    let wanted = alloc.min(bytes.len());
    let written = wanted.min(buf.len());
    if let (Some(dst), Some(src)) = (buf.get_mut(..written), bytes.get(..written)) {
        dst.copy_from_slice(src);
    }
    Reply::DataIn { written, wanted }
}

/// Writes `value` big-endian at `at` in `v` (which must be long enough).
pub(crate) fn put16(v: &mut [u8], at: usize, value: u16) {
    if let Some(dst) = v.get_mut(at..at + 2) {
        dst.copy_from_slice(&value.to_be_bytes());
    }
}

/// Writes `value` big-endian at `at` in `v` (which must be long enough).
pub(crate) fn put32(v: &mut [u8], at: usize, value: u32) {
    if let Some(dst) = v.get_mut(at..at + 4) {
        dst.copy_from_slice(&value.to_be_bytes());
    }
}

/// An LBA as a READ TOC address: big-endian LBA, or `00 M S F` when `msf`.
pub(crate) fn toc_address(lba: u32, msf: bool) -> [u8; 4] {
    if msf {
        let m = msf_of(lba);
        [0, m[0], m[1], m[2]]
    } else {
        lba.to_be_bytes()
    }
}

/// The binary M, S, F of an LBA (255:59:74 when it does not fit).
pub(crate) fn msf_of(lba: u32) -> [u8; 3] {
    cdfilter_core::scsi::msf::Msf::from_lba(lba).map_or([255, 59, 74], |m| [m.m, m.s, m.f])
}

/// An ASCII field padded with spaces (or cut) to `len` bytes.
pub(crate) fn ascii_field(text: &str, len: usize) -> Vec<u8> {
    let mut v: Vec<u8> = text.bytes().take(len).collect();
    v.resize(len, b' ');
    v
}
