//! Disc images: the model of a disc the simulated drive plays and reads.
//!
//! A [`Disc`] is a list of sessions and tracks in LBA terms plus a sector
//! source. Sources: a 2048-byte ISO, a BIN/CUE set (one or several FILEs,
//! MODE1/2048, MODE1/2352, MODE2/2352, AUDIO), and the built-in disc
//! synthesised in code. Sectors of cooked sources are delivered as real
//! 2352-byte sectors (sync, header, EDC, ECC), and every sector has a P–W
//! sub-channel with a correct Q channel.

/// How the sectors of a track are laid out on the disc (what READ CD's
/// expected-sector-type field names).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SectorKind {
    /// CD-DA: 2352 bytes of audio.
    Audio,
    /// Mode 1: 2048 bytes of user data with EDC/ECC.
    Mode1,
    /// Mode 2 formless: 2336 bytes of user data.
    Mode2Formless,
    /// Mode 2 Form 1 (XA): 2048 bytes with EDC/ECC.
    Mode2Form1,
    /// Mode 2 Form 2 (XA): 2324 bytes with optional EDC.
    Mode2Form2,
}

/// Q-channel control bits of a track (and the cue sheet's FLAGS).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Control {
    /// Pre-emphasis (FLAGS PRE), bit 0.
    pub pre_emphasis: bool,
    /// Digital copy permitted (FLAGS DCP), bit 1.
    pub copy_permitted: bool,
    /// Data track, bit 2.
    pub data: bool,
    /// Four-channel audio (FLAGS 4CH), bit 3.
    pub four_channel: bool,
}

impl Control {
    /// The 4-bit CONTROL nibble.
    pub const fn bits(self) -> u8 {
        (self.pre_emphasis as u8)
            | (self.copy_permitted as u8) << 1
            | (self.data as u8) << 2
            | (self.four_channel as u8) << 3
    }
}

/// One track.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Track {
    /// Track number, 1..=99.
    pub number: u8,
    /// Session number, 1-based.
    pub session: u8,
    /// Sector layout.
    pub kind: SectorKind,
    /// Control nibble.
    pub control: Control,
    /// LBA of the pregap (INDEX 00, or the start of a PREGAP); equal to
    /// `start` when there is none.
    pub pregap_start: u32,
    /// LBA of INDEX 01: what the TOC reports.
    pub start: u32,
    /// First LBA after the track (next track's pregap start or lead-out).
    pub end: u32,
    /// LBAs of INDEX 02.. within the track, in order.
    pub indexes: Vec<u32>,
    /// ISRC, 12 characters, if the cue sheet gives one.
    pub isrc: Option<[u8; 12]>,
    /// CD-TEXT title and performer, if any.
    pub title: Option<String>,
    /// CD-TEXT performer.
    pub performer: Option<String>,
}

/// One session.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Session {
    /// Session number, 1-based.
    pub number: u8,
    /// First track number of the session.
    pub first_track: u8,
    /// Last track number of the session.
    pub last_track: u8,
    /// Lead-out LBA of the session.
    pub leadout: u32,
}

/// Why a disc or a sector could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DiscError {
    /// The image file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The cue sheet (or other description) is malformed.
    #[error("{file}:{line}: {reason}")]
    Parse {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// The LBA is not on the disc (lead-in, past the lead-out).
    #[error("LBA {0} is not on the disc")]
    OutOfRange(i64),
    /// Anything else about the image.
    #[error("{0}")]
    Invalid(String),
}

/// Where the sectors' bytes come from.
pub trait SectorSource: Send + Sync + std::fmt::Debug {
    /// Fills `out` with the 2352-byte main channel of `lba` as it is on the
    /// disc: audio samples, or sync + header + user data + EDC/ECC.
    fn read_main(&self, disc: &Disc, lba: u32, out: &mut [u8; 2352]) -> Result<(), DiscError>;
}

/// A disc: sessions, tracks, catalogue data and a sector source.
#[derive(Debug)]
pub struct Disc {
    /// Sessions in order.
    pub sessions: Vec<Session>,
    /// Tracks in order (all sessions).
    pub tracks: Vec<Track>,
    /// Media catalogue number (13 digits), from CATALOG.
    pub mcn: Option<[u8; 13]>,
    /// CD-TEXT album title.
    pub title: Option<String>,
    /// CD-TEXT album performer.
    pub performer: Option<String>,
    /// The sectors.
    pub source: Box<dyn SectorSource>,
}

impl Disc {
    /// The lead-out LBA of the last session (the disc's capacity in
    /// sectors).
    pub fn leadout(&self) -> u32 {
        self.sessions.last().map_or(0, |s| s.leadout)
    }

    /// The track numbered `number`.
    pub fn track(&self, number: u8) -> Option<&Track> {
        self.tracks.iter().find(|t| t.number == number)
    }

    /// The track whose pregap or body holds `lba`.
    pub fn track_at(&self, lba: u32) -> Option<&Track> {
        self.tracks
            .iter()
            .find(|t| lba >= t.pregap_start && lba < t.end)
    }

    /// The 2352-byte main channel of `lba`.
    pub fn read_main(&self, lba: u32, out: &mut [u8; 2352]) -> Result<(), DiscError> {
        if lba >= self.leadout() {
            return Err(DiscError::OutOfRange(i64::from(lba)));
        }
        self.source.read_main(self, lba, out)
    }
}
