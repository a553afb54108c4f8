//! Shared fixtures of the simulated-drive tests (and of the audio tests'
//! disc): small in-test discs over a synthetic sector source whose fields
//! carry recognisable bytes, the CDBs several test files send, and helpers
//! to send one CDB.
#![allow(dead_code, reason = "each test file uses a different subset")]

use cdfilter_core::port::{Cdb, Command, DataPhase, Port, PortResult, SrbStatus};
use cdfilter_host::disc::{Control, Disc, DiscError, SectorKind, SectorSource, Session, Track};
use cdfilter_host::sim::{Profile, SimConfig, SimDrive};

/// Fill byte of the synthetic EDC/ECC field.
pub const EDC_FILL: u8 = 0xEE;

/// Sectors built from the track layout: audio samples `(lba + i) as u8`;
/// data sectors with the real sync, a BCD header, a sub-header for XA
/// (Form 2 by the track kind, or on odd LBAs when `odd_form2`), user data
/// `(lba + i) as u8`, a real EDC for Form 1, and the rest of the EDC/ECC
/// area filled with [`EDC_FILL`].
#[derive(Debug, Default)]
pub struct Synth {
    /// XA sectors on odd LBAs are Form 2 whatever the track says.
    pub odd_form2: bool,
}

fn bcd(v: u8) -> u8 {
    (v / 10) << 4 | (v % 10)
}

impl SectorSource for Synth {
    fn read_main(&self, disc: &Disc, lba: u32, out: &mut [u8; 2352]) -> Result<(), DiscError> {
        let track = disc
            .track_at(lba)
            .ok_or(DiscError::OutOfRange(i64::from(lba)))?;
        let pattern = |i: usize| (lba as usize + i) as u8;
        if track.kind == SectorKind::Audio {
            for (i, b) in out.iter_mut().enumerate() {
                *b = pattern(i);
            }
            return Ok(());
        }
        out.fill(EDC_FILL);
        out[0] = 0;
        out[1..11].fill(0xFF);
        out[11] = 0;
        let f = lba + 150;
        let mode = if track.kind == SectorKind::Mode1 {
            1
        } else {
            2
        };
        out[12..16].copy_from_slice(&[
            bcd((f / 4500) as u8),
            bcd((f / 75 % 60) as u8),
            bcd((f % 75) as u8),
            mode,
        ]);
        let (user_start, user_len) = match track.kind {
            SectorKind::Mode1 => (16, 2048),
            SectorKind::Mode2Formless => (16, 2336),
            _ => {
                let form2 =
                    track.kind == SectorKind::Mode2Form2 || (self.odd_form2 && lba % 2 == 1);
                let submode = if form2 { 0x28 } else { 0x08 };
                out[16..24].copy_from_slice(&[0, 0, submode, 0, 0, 0, submode, 0]);
                (24, if form2 { 2328 } else { 2048 })
            }
        };
        for i in 0..user_len {
            out[user_start + i] = pattern(i);
        }
        if user_start == 24 && user_len == 2048 {
            // Form 1 carries its EDC (the drive checks it to tell the form).
            let edc = cdfilter_host::disc::sector::edc(&out[16..2072]);
            out[2072..2076].copy_from_slice(&edc.to_le_bytes());
        }
        Ok(())
    }
}

/// A track; `data` sets the data bit of the control nibble.
pub fn track(
    number: u8,
    session: u8,
    kind: SectorKind,
    pregap: u32,
    start: u32,
    end: u32,
) -> Track {
    Track {
        number,
        session,
        kind,
        control: Control {
            data: kind != SectorKind::Audio,
            ..Control::default()
        },
        pregap_start: pregap,
        start,
        end,
        indexes: Vec::new(),
        isrc: None,
        title: None,
        performer: None,
    }
}

/// A disc of one session over `source` (usually [`Synth`]).
pub fn disc(tracks: Vec<Track>, leadout: u32, source: impl SectorSource + 'static) -> Disc {
    let first_track = tracks.first().map_or(1, |t| t.number);
    let last_track = tracks.last().map_or(1, |t| t.number);
    Disc {
        sessions: vec![Session {
            number: 1,
            first_track,
            last_track,
            leadout,
        }],
        tracks,
        mcn: None,
        title: None,
        performer: None,
        source: Box::new(source),
    }
}

/// An ISO image as a disc: one Mode 1 track of `sectors` sectors.
pub fn iso(sectors: u32) -> Disc {
    disc(
        vec![track(1, 1, SectorKind::Mode1, 0, 0, sectors)],
        sectors,
        Synth::default(),
    )
}

/// A small BIN/CUE layout: track 1 MODE1 (0..300), track 2 AUDIO with a
/// 150-sector pregap and FLAGS DCP PRE (300 / 450..750), track 3 AUDIO
/// (750..1050); lead-out 1050.
pub fn cue() -> Disc {
    let mut t2 = track(2, 1, SectorKind::Audio, 300, 450, 750);
    t2.control.copy_permitted = true;
    t2.control.pre_emphasis = true;
    disc(
        vec![
            track(1, 1, SectorKind::Mode1, 0, 0, 300),
            t2,
            track(3, 1, SectorKind::Audio, 750, 750, 1050),
        ],
        1050,
        Synth::default(),
    )
}

/// One track of each sector kind, 10 sectors each: 1 audio (0..10),
/// 2 Mode 1 (10..20), 3 Mode 2 formless (20..30), 4 Form 1 (30..40),
/// 5 Form 2 (40..50).
pub fn every_kind() -> Disc {
    let kinds = [
        SectorKind::Audio,
        SectorKind::Mode1,
        SectorKind::Mode2Formless,
        SectorKind::Mode2Form1,
        SectorKind::Mode2Form2,
    ];
    let tracks = kinds
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let start = 10 * i as u32;
            track(i as u8 + 1, 1, *k, start, start, start + 10)
        })
        .collect();
    disc(tracks, 50, Synth::default())
}

/// Two sessions: session 1 audio tracks 1 (0..300) and 2 (300..600),
/// lead-out 600; session 2 Mode 2 Form 1 track 3 (11400..11700), lead-out
/// 11700.
pub fn multisession() -> Disc {
    let mut d = disc(
        vec![
            track(1, 1, SectorKind::Audio, 0, 0, 300),
            track(2, 1, SectorKind::Audio, 300, 300, 600),
            track(3, 2, SectorKind::Mode2Form1, 11400, 11400, 11700),
        ],
        600,
        Synth::default(),
    );
    d.sessions[0].last_track = 2;
    d.sessions.push(Session {
        number: 2,
        first_track: 3,
        last_track: 3,
        leadout: 11700,
    });
    d
}

/// A drive with the default configuration and no medium (tray closed).
pub fn empty() -> SimDrive {
    SimDrive::new(SimConfig::default(), None)
}

/// A ready drive with the default configuration and `disc`.
pub fn drive(disc: Disc) -> SimDrive {
    SimDrive::new(SimConfig::default(), Some(disc))
}

/// A ready drive with `config` and `disc`.
pub fn drive_with(config: SimConfig, disc: Disc) -> SimDrive {
    SimDrive::new(config, Some(disc))
}

/// A ready drive of `profile` (a writer, or the CD-ROM reader) with `disc`.
pub fn writer(profile: Profile, disc: Disc) -> SimDrive {
    drive_with(
        SimConfig {
            profile,
            ..SimConfig::default()
        },
        disc,
    )
}

/// READ(10) of `count` blocks from `lba`.
pub fn read10(lba: u32, count: u16) -> [u8; 10] {
    let l = lba.to_be_bytes();
    let c = count.to_be_bytes();
    [0x28, 0, l[0], l[1], l[2], l[3], 0, c[0], c[1], 0]
}

/// READ CD of `count` sectors (24 bits) from `lba`: expected sector type,
/// byte 9 (main-channel selection) and byte 10 (sub-channel) as given.
pub fn read_cd(lba: u32, count: u32, sector_type: u8, b9: u8, b10: u8) -> [u8; 12] {
    let l = lba.to_be_bytes();
    let c = count.to_be_bytes();
    [
        0xBE,
        sector_type << 2,
        l[0],
        l[1],
        l[2],
        l[3],
        c[1],
        c[2],
        c[3],
        b9,
        b10,
        0,
    ]
}

/// Sends `cdb` with a data-in buffer of `len` bytes (pre-filled 0xA5);
/// returns the port's answer and the buffer.
pub fn data_in(drive: &mut SimDrive, cdb: &[u8], len: usize) -> (PortResult, Vec<u8>) {
    let mut buf = vec![0xA5; len];
    let r = drive.execute(Command {
        cdb: Cdb::from_slice(cdb).expect("CDB length"),
        data: DataPhase::In(&mut buf),
        timeout_secs: 10,
    });
    (r, buf)
}

/// Sends `cdb` with a data-out buffer.
pub fn data_out(drive: &mut SimDrive, cdb: &[u8], data: &[u8]) -> PortResult {
    drive.execute(Command {
        cdb: Cdb::from_slice(cdb).expect("CDB length"),
        data: DataPhase::Out(data),
        timeout_secs: 10,
    })
}

/// Sends `cdb` without data.
pub fn no_data(drive: &mut SimDrive, cdb: &[u8]) -> PortResult {
    drive.execute(Command {
        cdb: Cdb::from_slice(cdb).expect("CDB length"),
        data: DataPhase::None,
        timeout_secs: 10,
    })
}

/// The data-in bytes of a command whose answer fills exactly `len` bytes
/// or is shorter (under-run); asserts the command did not fail.
#[track_caller]
pub fn answer(drive: &mut SimDrive, cdb: &[u8], len: usize) -> Vec<u8> {
    let (r, buf) = data_in(drive, cdb, len);
    assert!(
        r.srb_status == SrbStatus::SUCCESS || r.srb_status == SrbStatus::DATA_OVERRUN,
        "command {cdb:02X?} failed: {r:?}"
    );
    buf[..r.transferred as usize].to_vec()
}

/// Sense key, ASC, ASCQ of a CHECK CONDITION; panics on anything else.
#[track_caller]
pub fn sense(r: &PortResult) -> (u8, u8, u8) {
    assert_eq!(
        r.srb_status,
        SrbStatus::ERROR,
        "expected CHECK CONDITION, got {r:?}"
    );
    assert_eq!(r.scsi_status, 0x02);
    (r.sense[2] & 0x0F, r.sense[12], r.sense[13])
}

/// TEST UNIT READY.
pub const TUR: [u8; 6] = [0; 6];
