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
