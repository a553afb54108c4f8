//! A small disc for the audio tests, built in code.
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

use cdfilter_host::disc::{Control, Disc, DiscError, SectorKind, SectorSource, Session, Track};

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

fn track(number: u8, kind: SectorKind, control: Control, span: (u32, u32, u32)) -> Track {
    let (pregap_start, start, end) = span;
    Track {
        number,
        session: 1,
        kind,
        control,
        pregap_start,
        start,
        end,
        indexes: Vec::new(),
        isrc: None,
        title: None,
        performer: None,
    }
}

/// The disc described above.
pub fn disc() -> Disc {
    disc_with(Ramp { bad: None })
}

/// The disc with a chosen sector source.
pub fn disc_with(source: Ramp) -> Disc {
    let dcp = Control {
        copy_permitted: true,
        ..Control::default()
    };
    let pre = Control {
        pre_emphasis: true,
        ..Control::default()
    };
    let data = Control {
        data: true,
        ..Control::default()
    };
    let mut t1 = track(1, SectorKind::Audio, dcp, (0, 0, 300));
    t1.indexes = vec![150];
    t1.isrc = Some(ISRC1);
    Disc {
        sessions: vec![Session {
            number: 1,
            first_track: 1,
            last_track: 3,
            leadout: 1000,
        }],
        tracks: vec![
            t1,
            track(2, SectorKind::Audio, pre, (300, 450, 700)),
            track(3, SectorKind::Mode1, data, (700, 850, 1000)),
        ],
        mcn: Some(MCN),
        title: None,
        performer: None,
        source: Box::new(source),
    }
}
