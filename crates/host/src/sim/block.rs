//! Cooked block access: READ CAPACITY(10), READ(10), READ(12), and SEEK(10)
//! when the player does not take it.

use crate::disc::sector::{mode2_form, Mode2Form};
use crate::disc::{Disc, DiscError, SectorKind};

use super::wire::{answer, be16, be32, byte, Outcome, Reply};
use super::Sense;

/// Bytes of a cooked (Mode 1 / Form 1) block.
pub(super) const BLOCK: usize = 2048;

/// Bytes of a raw sector's main channel.
pub(super) const RAW: usize = 2352;

/// READ CAPACITY(10): last LBA of the last session and a 2048-byte block.
pub(super) fn read_capacity(disc: &Disc, cdb: &[u8], buf: &mut [u8]) -> Outcome {
    let pmi = byte(cdb, 8) & 0x01 != 0;
    if !pmi && be32(cdb, 2) != 0 {
        // SBC: the LBA field must be zero when PMI is zero.
        return Err(Sense::INVALID_FIELD_IN_CDB);
    }
    let mut v = [0u8; 8];
    v[..4].copy_from_slice(&disc.leadout().saturating_sub(1).to_be_bytes());
    v[4..].copy_from_slice(&(BLOCK as u32).to_be_bytes());
    Ok(answer(buf, &v, v.len()))
}

/// The sector kind as the drive finds it: a Mode 2 sector is Form 1, Form 2
/// or formless by its own XA sub-header (what [`Disc::sector_kind`] tells,
/// without reading the sector twice).
pub(super) fn actual_kind(track_kind: SectorKind, raw: &[u8; RAW]) -> SectorKind {
    match track_kind {
        SectorKind::Mode2Formless | SectorKind::Mode2Form1 | SectorKind::Mode2Form2 => {
            match mode2_form(raw) {
                Mode2Form::Formless => SectorKind::Mode2Formless,
                Mode2Form::Form1 => SectorKind::Mode2Form1,
                Mode2Form::Form2 => SectorKind::Mode2Form2,
            }
        }
        other => other,
    }
}

/// Reads the main channel of `lba`, with the drive's sense for a failure.
pub(super) fn read_raw(disc: &Disc, lba: u32, raw: &mut [u8; RAW]) -> Result<(), Sense> {
    disc.read_main(lba, raw).map_err(|e| match e {
        DiscError::OutOfRange(_) => Sense::LBA_OUT_OF_RANGE,
        _ => Sense::UNRECOVERED_READ_ERROR,
    })
}

/// READ(10) / READ(12): 2048-byte user data of Mode 1 and Form 1 sectors;
/// any other sector is ILLEGAL MODE FOR THIS TRACK. READ(12)'s Streaming
/// bit needs the real-time streaming feature.
pub(super) fn read(disc: &Disc, streaming: bool, cdb: &[u8], buf: &mut [u8]) -> Outcome {
    let twelve = byte(cdb, 0) == cdfilter_core::scsi::opcode::READ12;
    let lba = be32(cdb, 2);
    let count = if twelve {
        be32(cdb, 6)
    } else {
        u32::from(be16(cdb, 7))
    };
    if byte(cdb, 1) & 0x01 != 0 || (twelve && byte(cdb, 10) & 0x80 != 0 && !streaming) {
        // RelAdr is obsolete; Streaming without the feature is invalid.
        return Err(Sense::INVALID_FIELD_IN_CDB);
    }
    if u64::from(lba) + u64::from(count) > u64::from(disc.leadout()) {
        return Err(Sense::LBA_OUT_OF_RANGE);
    }
    let wanted = usize::try_from(u64::from(count) * BLOCK as u64).unwrap_or(usize::MAX);
    let mut written = 0;
    let mut raw = [0u8; RAW];
    for sector in lba..lba + count {
        let track = disc.track_at(sector).ok_or(Sense::LBA_OUT_OF_RANGE)?;
        let room = buf.len().saturating_sub(written).min(BLOCK);
        let offset = match track.kind {
            SectorKind::Audio => return Err(Sense::ILLEGAL_MODE_FOR_TRACK),
            SectorKind::Mode1 if room == 0 => continue,
            SectorKind::Mode1 => {
                read_raw(disc, sector, &mut raw)?;
                16
            }
            _ => {
                // Mode 2: only Form 1 sectors have 2048-byte blocks.
                read_raw(disc, sector, &mut raw)?;
                if actual_kind(track.kind, &raw) != SectorKind::Mode2Form1 {
                    return Err(Sense::ILLEGAL_MODE_FOR_TRACK);
                }
                24
            }
        };
        if let (Some(dst), Some(src)) = (
            buf.get_mut(written..written + room),
            raw.get(offset..offset + room),
        ) {
            dst.copy_from_slice(src);
            written += room;
        }
    }
    Ok(Reply::DataIn { written, wanted })
}

/// SEEK(10): an LBA on the disc is accepted; others are out of range.
pub(super) fn seek(disc: &Disc, cdb: &[u8]) -> Outcome {
    if be32(cdb, 2) >= disc.leadout() {
        return Err(Sense::LBA_OUT_OF_RANGE);
    }
    Ok(Reply::Done)
}
