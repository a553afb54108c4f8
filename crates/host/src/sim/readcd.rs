//! READ CD (0xBE) and READ CD MSF (0xB9).
//!
//! Per sector the drive returns, in this order: the selected part of the
//! 2352-byte main channel, the C2 error information, the sub-channel. Which
//! main-channel bytes a flag combination selects, and which combinations are
//! illegal, follows MMC's table "Number of Bytes Returned Based on Data
//! Selection Field":
//! - CD-DA: any non-zero selection returns the 2352 bytes of audio (sync,
//!   header and EDC/ECC flags mean nothing for audio); zero returns nothing.
//! - Data sectors: the selected fields are sync (12), header (4), sub-header
//!   (8, Mode 2 Form 1/2 only), user data (Mode 1 2048, Mode 2 formless 2336,
//!   Form 1 2048, Form 2 2328 with the spare EDC), EDC/ECC (Mode 1 288,
//!   Form 1 280, none otherwise). Illegal: EDC/ECC without user data, sync
//!   without the header, and for Form 1/2 header plus user data without the
//!   sub-header — every legal selection is one contiguous span.

use std::ops::Range;

use cdfilter_core::scsi::msf::{Msf, LBA_OFFSET};
use cdfilter_core::scsi::opcode;

use crate::disc::{Disc, SectorKind};

use super::block::{actual_kind, read_raw, RAW};
use super::wire::{be24, be32, byte, Outcome, Reply};
use super::{Sense, SimConfig};

/// C2 error pointers: one bit per main-channel byte.
pub const C2_POINTERS: usize = 294;
/// C2 pointers, the block error byte and a pad byte.
pub const C2_AND_BLOCK: usize = 296;
/// One sub-channel block (raw P–W, or R–W).
pub const SUBCHANNEL: usize = 96;
/// Formatted Q sub-channel.
pub const FORMATTED_Q: usize = 16;

/// Largest per-sector answer: 2352 + 296 + 96.
const MAX_SECTOR: usize = RAW + C2_AND_BLOCK + SUBCHANNEL;

/// Main-channel selection flags (CDB byte 9 bits 7..3).
const SYNC: u8 = 0x80;
const SUBHEADER: u8 = 0x40;
const HEADER: u8 = 0x20;
const USER: u8 = 0x10;
const EDC_ECC: u8 = 0x08;

/// The main-channel bytes READ CD returns for `flags` (CDB byte 9 & 0xF8)
/// on a sector of `kind`, as a range of the raw sector; `None` when MMC
/// calls the combination illegal.
pub fn main_channel(kind: SectorKind, flags: u8) -> Option<Range<usize>> {
    let flags = flags & 0xF8;
    if kind == SectorKind::Audio {
        return Some(if flags == 0 { 0..0 } else { 0..RAW });
    }
    let xa = matches!(kind, SectorKind::Mode2Form1 | SectorKind::Mode2Form2);
    let edc_without_user = flags & EDC_ECC != 0 && flags & USER == 0;
    let sync_without_header = flags & SYNC != 0 && flags & HEADER == 0;
    let xa_gap = xa && flags & (HEADER | SUBHEADER) == HEADER && flags & USER != 0;
    if edc_without_user || sync_without_header || xa_gap {
        return None;
    }
    let (user, edc) = match kind {
        SectorKind::Mode1 => (16..2064, 2064..RAW),
        SectorKind::Mode2Formless => (16..RAW, RAW..RAW),
        SectorKind::Mode2Form1 => (24..2072, 2072..RAW),
        _ => (24..RAW, RAW..RAW),
    };
    let fields = [
        (SYNC, 0..12),
        (HEADER, 12..16),
        (SUBHEADER, if xa { 16..24 } else { 16..16 }),
        (USER, user),
        (EDC_ECC, edc),
    ];
    let mut span: Option<Range<usize>> = None;
    for (flag, range) in fields {
        if flags & flag == 0 || range.is_empty() {
            continue;
        }
        span = Some(match span {
            None => range,
            Some(s) => s.start..range.end,
        });
    }
    Some(span.unwrap_or(0..0))
}

/// Bytes per sector of the C2 error field (CDB byte 9 bits 2..1); `None`
/// for the reserved value 3.
pub fn c2_len(field: u8) -> Option<usize> {
    match field & 0x03 {
        0 => Some(0),
        1 => Some(C2_POINTERS),
        2 => Some(C2_AND_BLOCK),
        _ => None,
    }
}

/// Bytes per sector of the sub-channel selection (CDB byte 10 bits 2..0);
/// `None` for the reserved values.
pub fn subchannel_len(selection: u8) -> Option<usize> {
    match selection & 0x07 {
        0 => Some(0),
        1 | 4 => Some(SUBCHANNEL),
        2 => Some(FORMATTED_Q),
        _ => None,
    }
}

/// Does a sector of `kind` match the expected sector type (CDB byte 1 bits
/// 4..2: 0 any, 1 CD-DA, 2 Mode 1, 3 Mode 2 formless, 4 Form 1, 5 Form 2)?
fn matches_expected(expected: u8, kind: SectorKind) -> bool {
    match expected {
        0 => true,
        1 => kind == SectorKind::Audio,
        2 => kind == SectorKind::Mode1,
        3 => kind == SectorKind::Mode2Formless,
        4 => kind == SectorKind::Mode2Form1,
        _ => kind == SectorKind::Mode2Form2,
    }
}

/// The start LBA and sector count of READ CD or READ CD MSF.
fn range(cdb: &[u8]) -> Result<(u32, u32), Sense> {
    if byte(cdb, 0) == opcode::READ_CD_MSF {
        let frames = |i| {
            Msf::new(byte(cdb, i), byte(cdb, i + 1), byte(cdb, i + 2))
                .map(Msf::frames)
                .ok_or(Sense::INVALID_FIELD_IN_CDB)
        };
        let (start, end) = (frames(3)?, frames(6)?);
        if end < start {
            return Err(Sense::INVALID_FIELD_IN_CDB);
        }
        let lba = start
            .checked_sub(LBA_OFFSET)
            .ok_or(Sense::LBA_OUT_OF_RANGE)?;
        Ok((lba, end - start))
    } else {
        let lba = be32(cdb, 2);
        if lba >= 0x8000_0000 {
            // A negative LBA: the lead-in is not readable.
            return Err(Sense::LBA_OUT_OF_RANGE);
        }
        Ok((lba, be24(cdb, 6)))
    }
}

/// READ CD / READ CD MSF.
pub(super) fn read_cd(config: &SimConfig, disc: &Disc, cdb: &[u8], buf: &mut [u8]) -> Outcome {
    let expected = (byte(cdb, 1) >> 2) & 0x07;
    let flags = byte(cdb, 9) & 0xF8;
    let c2_field = (byte(cdb, 9) >> 1) & 0x03;
    let selection = byte(cdb, 10) & 0x07;
    let c2 = c2_len(c2_field).ok_or(Sense::INVALID_FIELD_IN_CDB)?;
    let sub = subchannel_len(selection).ok_or(Sense::INVALID_FIELD_IN_CDB)?;
    if expected > 5 || (c2 > 0 && !config.c2_pointers) || (sub > 0 && !config.subchannel) {
        return Err(Sense::INVALID_FIELD_IN_CDB);
    }
    let (lba, count) = range(cdb)?;
    if count == 0 {
        return Ok(Reply::DataIn {
            written: 0,
            wanted: 0,
        });
    }
    if u64::from(lba) + u64::from(count) > u64::from(disc.leadout()) {
        return Err(Sense::LBA_OUT_OF_RANGE);
    }
    let mut raw = [0u8; RAW];
    let mut sector = [0u8; MAX_SECTOR];
    let (mut written, mut wanted) = (0usize, 0usize);
    for lba in lba..lba + count {
        let track = disc.track_at(lba).ok_or(Sense::LBA_OUT_OF_RANGE)?;
        read_raw(disc, lba, &mut raw)?;
        let kind = actual_kind(track.kind, &raw);
        if !matches_expected(expected, kind) {
            return Err(Sense::ILLEGAL_MODE_FOR_TRACK);
        }
        let main = main_channel(kind, flags).ok_or(Sense::INVALID_FIELD_IN_CDB)?;
        let len = compose(config, disc, lba, &raw, main, c2, selection, &mut sector);
        wanted = wanted.saturating_add(len);
        let room = buf.len().saturating_sub(written).min(len);
        if let (Some(dst), Some(src)) = (buf.get_mut(written..written + room), sector.get(..room)) {
            dst.copy_from_slice(src);
            written += room;
        }
    }
    Ok(Reply::DataIn { written, wanted })
}

/// Lays out one sector's answer in `out`: main channel, C2 block,
/// sub-channel. Returns its length.
fn compose(
    config: &SimConfig,
    disc: &Disc,
    lba: u32,
    raw: &[u8; RAW],
    main: Range<usize>,
    c2: usize,
    selection: u8,
    out: &mut [u8; MAX_SECTOR],
) -> usize {
    let mut at = 0;
    let mut put = |bytes: &[u8]| {
        if let Some(dst) = out.get_mut(at..at + bytes.len()) {
            dst.copy_from_slice(bytes);
            at += bytes.len();
        }
    };
    put(raw.get(main).unwrap_or(&[]));
    if c2 > 0 {
        let mut block = [0u8; C2_AND_BLOCK];
        if config.c2_error_lbas.contains(&lba) {
            // Every byte flagged; the block error byte is the OR of all
            // C2 bytes; the pad byte stays zero.
            block[..C2_POINTERS].fill(0xFF);
            block[C2_POINTERS] = 0xFF;
        }
        put(block.get(..c2).unwrap_or(&[]));
    }
    match selection {
        1 => put(&disc.subchannel_pw(lba)),
        2 => {
            let mut q = [0u8; FORMATTED_Q];
            // The Q frame as recorded, MCN and ISRC frames included, like
            // the raw P–W it is de-interleaved from.
            q[..12].copy_from_slice(&disc.q_channel_recorded(lba));
            put(&q);
        }
        4 => put(&disc.subchannel_pw(lba).map(|b| b & 0x3F)),
        _ => {}
    }
    at
}
