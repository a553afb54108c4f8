//! Placeholder for the disc model accessors the drive needs and the disc
//! team is writing (`Disc::q_channel`, `Disc::subchannel_pw`,
//! `Disc::cdtext_packs`, `Disc::builtin`). Inherent methods win over trait
//! methods, so once the real ones land this trait is shadowed and this file
//! is deleted.

use crate::disc::{Control, Disc, DiscError, SectorKind, SectorSource, Session, Track};

/// The disc accessors, trivially: empty sub-channel, no CD-TEXT.
#[allow(
    dead_code,
    reason = "shadowed by the disc model's inherent methods once they land"
)]
pub(crate) trait DiscPending {
    /// Q channel of `lba` (10 bytes + CRC).
    fn q_channel(&self, lba: u32) -> [u8; 12];
    /// Raw P–W sub-channel of `lba`.
    fn subchannel_pw(&self, lba: u32) -> [u8; 96];
    /// CD-TEXT packs.
    fn cdtext_packs(&self) -> Vec<[u8; 18]>;
    /// A small built-in disc: a Mode 1 track and an audio track.
    fn builtin() -> Disc;
}

impl DiscPending for Disc {
    fn q_channel(&self, lba: u32) -> [u8; 12] {
        let _ = lba;
        [0; 12]
    }

    fn subchannel_pw(&self, lba: u32) -> [u8; 96] {
        let _ = lba;
        [0; 96]
    }

    fn cdtext_packs(&self) -> Vec<[u8; 18]> {
        Vec::new()
    }

    fn builtin() -> Disc {
        let track = |number: u8, kind, data, start: u32, end: u32| Track {
            number,
            session: 1,
            kind,
            control: Control {
                data,
                ..Control::default()
            },
            pregap_start: start,
            start,
            end,
            indexes: Vec::new(),
            isrc: None,
            title: None,
            performer: None,
        };
        Disc {
            sessions: vec![Session {
                number: 1,
                first_track: 1,
                last_track: 2,
                leadout: 600,
            }],
            tracks: vec![
                track(1, SectorKind::Mode1, true, 0, 300),
                track(2, SectorKind::Audio, false, 300, 600),
            ],
            mcn: None,
            title: None,
            performer: None,
            source: Box::new(Blank),
        }
    }
}

/// Sectors of the placeholder built-in disc: silence, or a Mode 1 sync and
/// header over zeros.
#[derive(Debug)]
struct Blank;

impl SectorSource for Blank {
    fn read_main(&self, disc: &Disc, lba: u32, out: &mut [u8; 2352]) -> Result<(), DiscError> {
        *out = [0; 2352];
        if disc
            .track_at(lba)
            .is_some_and(|t| t.kind == SectorKind::Mode1)
        {
            let [m, s, f] = super::wire::msf_of(lba);
            let bcd = |v: u8| (v / 10) << 4 | (v % 10);
            out[1..11].fill(0xFF);
            out[12..16].copy_from_slice(&[bcd(m), bcd(s), bcd(f), 1]);
        }
        Ok(())
    }
}
