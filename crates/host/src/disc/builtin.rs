//! The built-in disc: a mixed-mode CD synthesised in code, the default
//! medium of the simulated drive.
//!
//! One session, 20 seconds (lead-out at LBA 1350, MSF 00:20:00):
//!
//! | track | kind  | control          | pregap (index 0) | start (index 1) | end  | content |
//! |-------|-------|------------------|------------------|-----------------|------|---------|
//! | 1     | Mode 1| data (0x4)       | none             | 0               | 300  | ISO 9660 volume `CDFILTER` |
//! | 2     | audio | DCP (0x2)        | 300..450 silence | 450             | 750  | 440 Hz sine |
//! | 3     | audio | PRE (0x1)        | none             | 750, INDEX 02 at 825 | 975 | 660 Hz sine |
//! | 4     | audio | 0x0              | 975..1050 silence| 1050            | 1350 | 880 Hz sine |
//!
//! - Audio: 16-bit little-endian stereo; left peak 16384, right peak 8192
//!   (so the channels can be told apart); sample n of a track (n = 0 at
//!   its INDEX 01) is `round(peak · sin(2π · hz · n / 44100))`.
//! - MCN `1234567890128`; ISRCs `XYCDF2500002`, `XYCDF2500003`,
//!   `XYCDF2500004` on tracks 2, 3, 4.
//! - CD-TEXT: album title "cdfilter test disc", performer "cdfilter";
//!   track titles "Data", "A4 440 Hz", "E5 660 Hz", "A5 880 Hz";
//!   performer "cdfilter" on tracks 2–4.
//! - The ISO 9660 volume (300 sectors): primary volume descriptor at 16,
//!   terminator at 17, little/big-endian path tables at 18/19, root
//!   directory at 20 holding `README.TXT;1` ([`README`]) at 21; every
//!   other sector of track 1 is zero user data.
//!
//! Sectors are made on demand; only the six sectors of file-system
//! structures are kept in memory.

use super::image::{tone_sector, Backing, Fill, ImageSource, Layout, Run};
use super::sector::RAW_LEN;
use super::{Control, Disc, SectorKind, Session, Track};

/// Track 1 (data) starts here.
pub const TRACK1_START: u32 = 0;
/// Track 2's pregap (INDEX 00) starts here, right after the data track.
pub const TRACK2_PREGAP: u32 = 300;
/// Track 2 (440 Hz) starts here.
pub const TRACK2_START: u32 = 450;
/// Track 3 (660 Hz) starts here; it has no pregap.
pub const TRACK3_START: u32 = 750;
/// Track 3's INDEX 02.
pub const TRACK3_INDEX2: u32 = 825;
/// Track 4's pregap (INDEX 00) starts here.
pub const TRACK4_PREGAP: u32 = 975;
/// Track 4 (880 Hz) starts here.
pub const TRACK4_START: u32 = 1050;
/// The lead-out.
pub const LEADOUT: u32 = 1350;
/// Tone frequencies of tracks 2, 3, 4 in hertz.
pub const TONES: [f64; 3] = [440.0, 660.0, 880.0];
/// Peak sample values (left, right).
pub const PEAK: (f64, f64) = (16384.0, 8192.0);
/// The media catalogue number.
pub const MCN: &[u8; 13] = b"1234567890128";
/// The text of README.TXT.
pub const README: &str = "cdfilter built-in test disc.\n\
Track 1 is this ISO 9660 data track; tracks 2, 3 and 4 are sine tones\n\
of 440 Hz, 660 Hz and 880 Hz.\n";

/// First sector of the file-system structures kept in memory.
const FS_FIRST: u32 = 16;
/// How many there are.
const FS_SECTORS: u32 = 6;
const README_LBA: u32 = 21;
const ROOT_LBA: u32 = 20;

fn both16(v: u16) -> [u8; 4] {
    let [a, b] = v.to_le_bytes();
    [a, b, b, a]
}

fn both32(v: u32) -> [u8; 8] {
    let le = v.to_le_bytes();
    let be = v.to_be_bytes();
    [le[0], le[1], le[2], le[3], be[0], be[1], be[2], be[3]]
}

/// 2025-01-01 00:00:00 UTC as a directory record date.
const RECORD_DATE: [u8; 7] = [125, 1, 1, 0, 0, 0, 0];

fn dir_record(name: &[u8], extent: u32, len: u32, directory: bool) -> Vec<u8> {
    let mut r = vec![0u8; 33];
    r[2..10].copy_from_slice(&both32(extent));
    r[10..18].copy_from_slice(&both32(len));
    r[18..25].copy_from_slice(&RECORD_DATE);
    r[25] = if directory { 0x02 } else { 0x00 };
    r[28..32].copy_from_slice(&both16(1));
    r[32] = name.len() as u8;
    r.extend_from_slice(name);
    if r.len() % 2 == 1 {
        r.push(0);
    }
    r[0] = r.len() as u8;
    r
}

fn padded<const N: usize>(text: &str) -> [u8; N] {
    let mut out = [b' '; N];
    out[..text.len()].copy_from_slice(text.as_bytes());
    out
}

/// Sectors 16..22 of the volume.
fn filesystem() -> Vec<u8> {
    let mut fs = vec![0u8; FS_SECTORS as usize * 2048];
    let (pvd, rest) = fs.split_at_mut(2048);
    let (term, rest) = rest.split_at_mut(2048);
    let (lpath, rest) = rest.split_at_mut(2048);
    let (mpath, rest) = rest.split_at_mut(2048);
    let (root, readme) = rest.split_at_mut(2048);

    let date = b"2025010100000000\0";
    pvd[0] = 1;
    pvd[1..6].copy_from_slice(b"CD001");
    pvd[6] = 1;
    pvd[8..40].copy_from_slice(&padded::<32>("LINUX"));
    pvd[40..72].copy_from_slice(&padded::<32>("CDFILTER"));
    pvd[80..88].copy_from_slice(&both32(TRACK2_PREGAP));
    pvd[120..124].copy_from_slice(&both16(1));
    pvd[124..128].copy_from_slice(&both16(1));
    pvd[128..132].copy_from_slice(&both16(2048));
    pvd[132..140].copy_from_slice(&both32(10));
    pvd[140..144].copy_from_slice(&18u32.to_le_bytes());
    pvd[148..152].copy_from_slice(&19u32.to_be_bytes());
    pvd[156..190].copy_from_slice(&dir_record(&[0], ROOT_LBA, 2048, true));
    pvd[190..318].copy_from_slice(&padded::<128>("CDFILTER"));
    pvd[318..446].copy_from_slice(&padded::<128>("CDFILTER"));
    pvd[446..574].copy_from_slice(&padded::<128>("CDFILTER"));
    pvd[574..702].copy_from_slice(&padded::<128>("CDFILTER BUILT-IN DISC"));
    pvd[702..813].fill(b' ');
    pvd[813..830].copy_from_slice(date);
    pvd[830..847].copy_from_slice(date);
    pvd[847..864].copy_from_slice(b"0000000000000000\0");
    pvd[864..881].copy_from_slice(date);
    pvd[881] = 1;

    term[0] = 255;
    term[1..6].copy_from_slice(b"CD001");
    term[6] = 1;

    // Path tables: the root only (name length 1, name 0x00, parent 1).
    lpath[..10].copy_from_slice(&[1, 0, ROOT_LBA as u8, 0, 0, 0, 1, 0, 0, 0]);
    mpath[..10].copy_from_slice(&[1, 0, 0, 0, 0, ROOT_LBA as u8, 0, 1, 0, 0]);

    let mut records = dir_record(&[0], ROOT_LBA, 2048, true);
    records.extend(dir_record(&[1], ROOT_LBA, 2048, true));
    records.extend(dir_record(
        b"README.TXT;1",
        README_LBA,
        README.len() as u32,
        false,
    ));
    root[..records.len()].copy_from_slice(&records);

    readme[..README.len()].copy_from_slice(README.as_bytes());
    fs
}

fn audio_track(
    number: u8,
    pregap_start: u32,
    start: u32,
    end: u32,
    control: Control,
    title: &str,
) -> Track {
    let mut isrc = *b"XYCDF2500000";
    isrc[11] = b'0' + number;
    Track {
        number,
        session: 1,
        kind: SectorKind::Audio,
        control,
        pregap_start,
        start,
        end,
        indexes: Vec::new(),
        isrc: Some(isrc),
        title: Some(title.into()),
        performer: Some("cdfilter".into()),
    }
}

/// Builds the built-in disc.
pub(crate) fn disc() -> Disc {
    let mut tracks = vec![
        Track {
            number: 1,
            session: 1,
            kind: SectorKind::Mode1,
            control: Control::DATA,
            pregap_start: TRACK1_START,
            start: TRACK1_START,
            end: TRACK2_PREGAP,
            indexes: Vec::new(),
            isrc: None,
            title: Some("Data".into()),
            performer: None,
        },
        audio_track(
            2,
            TRACK2_PREGAP,
            TRACK2_START,
            TRACK3_START,
            Control {
                copy_permitted: true,
                ..Control::default()
            },
            "A4 440 Hz",
        ),
        audio_track(
            3,
            TRACK3_START,
            TRACK3_START,
            TRACK4_PREGAP,
            Control {
                pre_emphasis: true,
                ..Control::default()
            },
            "E5 660 Hz",
        ),
        audio_track(
            4,
            TRACK4_PREGAP,
            TRACK4_START,
            LEADOUT,
            Control::default(),
            "A5 880 Hz",
        ),
    ];
    tracks[2].indexes.push(TRACK3_INDEX2);

    let zero = |start: u32, end: u32, kind| Run {
        start,
        len: end - start,
        kind,
        fill: Fill::Zero,
    };
    let tone = |start: u32, end: u32, hz: f64| Run {
        start,
        len: end - start,
        kind: SectorKind::Audio,
        fill: Fill::Tone {
            hz,
            amplitude: PEAK,
            origin: start,
        },
    };
    let runs = vec![
        zero(0, FS_FIRST, SectorKind::Mode1),
        Run {
            start: FS_FIRST,
            len: FS_SECTORS,
            kind: SectorKind::Mode1,
            fill: Fill::Stored {
                backing: 0,
                offset: 0,
                layout: Layout::Cooked,
            },
        },
        zero(FS_FIRST + FS_SECTORS, TRACK2_PREGAP, SectorKind::Mode1),
        zero(TRACK2_PREGAP, TRACK2_START, SectorKind::Audio),
        tone(TRACK2_START, TRACK3_START, TONES[0]),
        tone(TRACK3_START, TRACK4_PREGAP, TONES[1]),
        zero(TRACK4_PREGAP, TRACK4_START, SectorKind::Audio),
        tone(TRACK4_START, LEADOUT, TONES[2]),
    ];
    Disc {
        sessions: vec![Session {
            number: 1,
            first_track: 1,
            last_track: 4,
            leadout: LEADOUT,
        }],
        tracks,
        mcn: Some(*MCN),
        title: Some("cdfilter test disc".into()),
        performer: Some("cdfilter".into()),
        source: Box::new(ImageSource {
            runs,
            backings: vec![Backing::Memory(filesystem())],
        }),
    }
}

/// The expected main channel of the built-in disc's audio sector `lba`
/// of the track tone `hz` starting at `start` (for tests of other
/// modules that want the samples without a disc).
pub fn tone(hz: f64, start: u32, lba: u32) -> [u8; RAW_LEN] {
    let mut out = [0u8; RAW_LEN];
    tone_sector(hz, PEAK, start, lba, &mut out);
    out
}
