//! A small disc for the audio tests, built in code with the disc builders
//! of `sim_support` (the test crate declares both modules).
//!
//! Session 1, lead-out at LBA 1000:
//! - track 1: audio, LBA 0..300, INDEX 02 at 150, ISRC USRC17607839, DCP;
//! - track 2: audio, pregap 300..450, INDEX 01 at 450, ends at 700, PRE;
//! - track 3: data (Mode 1), pregap 700..850, INDEX 01 at 850, ends at 1000.
//!
//! MCN 0123456789012. Sample `i` of sector `lba` is `lba·588 + i` on the
//! left channel and its negation on the right (little-endian, as BIN files
//! hold CD-DA).

#![allow(dead_code, reason = "each test crate uses part of this module")]

use cdfilter_host::disc::{Disc, DiscError, SectorKind, SectorSource};

use crate::sim_support::track;

/// The ISRC of track 1.
pub const ISRC1: [u8; 12] = *b"USRC17607839";
/// The disc's MCN.
pub const MCN: [u8; 13] = *b"0123456789012";

/// The test signal: a ramp, with one unreadable sector if asked.
#[derive(Debug)]
pub struct Ramp {
    /// This LBA fails to read.
    pub bad: Option<u32>,
}

/// The left sample `i` of sector `lba`.
pub fn left(lba: u32, i: usize) -> i16 {
    (lba as usize * 588 + i) as i16
}

impl SectorSource for Ramp {
    fn read_main(&self, _disc: &Disc, lba: u32, out: &mut [u8; 2352]) -> Result<(), DiscError> {
        if self.bad == Some(lba) {
            return Err(DiscError::Invalid(format!("unreadable sector {lba}")));
        }
        for (i, chunk) in out.chunks_exact_mut(4).enumerate() {
            let l = left(lba, i);
            chunk[..2].copy_from_slice(&l.to_le_bytes());
            chunk[2..].copy_from_slice(&l.wrapping_neg().to_le_bytes());
        }
        Ok(())
    }
}

/// The disc described above.
pub fn disc() -> Disc {
    disc_with(Ramp { bad: None })
}

/// The disc with a chosen sector source.
pub fn disc_with(source: Ramp) -> Disc {
    let mut t1 = track(1, 1, SectorKind::Audio, 0, 0, 300);
    t1.control.copy_permitted = true;
    t1.indexes = vec![150];
    t1.isrc = Some(ISRC1);
    let mut t2 = track(2, 1, SectorKind::Audio, 300, 450, 700);
    t2.control.pre_emphasis = true;
    let t3 = track(3, 1, SectorKind::Mode1, 700, 850, 1000);
    let mut d = crate::sim_support::disc(vec![t1, t2, t3], 1000, source);
    d.mcn = Some(MCN);
    d
}
