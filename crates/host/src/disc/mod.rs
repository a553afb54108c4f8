//! Disc images: the model of a disc the simulated drive plays and reads.
//!
//! A [`Disc`] is a list of sessions and tracks in LBA terms plus a sector
//! source. Sources: a 2048-byte ISO, a BIN/CUE set (one or several FILEs,
//! MODE1/2048, MODE1/2352, MODE2/2352, AUDIO), and the built-in disc
//! synthesised in code. Sectors of cooked sources are delivered as real
//! 2352-byte sectors (sync, header, EDC, ECC), and every sector has a P–W
//! sub-channel with a correct Q channel.
//!
//! Module map: [`sector`] (sync, header, EDC, ECC), [`subchannel`] (Q
//! frames, CRC-16, raw P–W), [`cdtext`] (CD-TEXT packs), `iso` (ISO
//! images), `cue` (cue sheets), `builtin` (the built-in disc), `image`
//! (the run-based sector source behind all three).
//!
//! # Sessions
//!
//! Tracks of session 2 and later are placed after the previous session's
//! lead-out and the new session's lead-in (Orange Book): the first
//! session's lead-out is 6750 sectors (1:30), later ones 2250 (0:30); a
//! lead-in is 4500 sectors (1:00); the first track of the new session has
//! a pregap of at least 150 sectors (the cue's own pregap, or 150
//! synthesised sectors). So session 2's first track starts (INDEX 01)
//! 11,400 sectors after session 1's lead-out when its cue gives no
//! pregap. Lead-out and lead-in sectors cannot be read
//! ([`DiscError::OutOfRange`]); their Q channel is synthesised.

pub mod cdtext;
pub mod sector;
pub mod subchannel;

pub mod builtin;
mod cue;
mod image;
mod iso;

use std::path::Path;

use sector::{Mode2Form, RAW_LEN};

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
    /// The control of a data track (bit 2 set, nothing else).
    pub const DATA: Self = Self {
        pre_emphasis: false,
        copy_permitted: false,
        data: true,
        four_channel: false,
    };

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
    /// Sector layout. Mode 2 tracks of cue sheets (MODE2/2336,
    /// MODE2/2352, CDI/..) are `Mode2Formless` here, whatever their
    /// sectors hold; [`Disc::sector_kind`] tells each sector's form.
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

impl Track {
    /// Sectors from INDEX 01 to the end of the track (what a TOC's
    /// difference of starts gives for all but the last track of a
    /// session).
    pub fn length(&self) -> u32 {
        self.end - self.start
    }

    /// The index holding `lba` (0 in the pregap, 1.. in the track); the
    /// LBA is assumed to be in `pregap_start..end`.
    pub fn index_at(&self, lba: u32) -> u8 {
        if lba < self.start {
            0
        } else {
            1 + self.indexes.iter().take_while(|&&i| i <= lba).count() as u8
        }
    }
}

/// Where an LBA is, as the Q channel sees it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Area {
    /// In track `track`, index `index` (0 = pregap).
    Program {
        /// Track number.
        track: u8,
        /// Index number.
        index: u8,
    },
    /// In the lead-out of `session`, `offset` sectors after its start
    /// (the last session's lead-out runs on indefinitely).
    LeadOut {
        /// Session number.
        session: u8,
        /// Sectors since the lead-out start.
        offset: u32,
    },
    /// In the lead-in of `session` (2 and later; between sessions),
    /// `offset` sectors after its start.
    LeadIn {
        /// Session number.
        session: u8,
        /// Sectors since the lead-in start.
        offset: u32,
    },
}

/// Lead-out length of the first session (6750 sectors, 1:30).
pub const FIRST_LEADOUT_LEN: u32 = 6750;
/// Lead-out length of later sessions (2250 sectors, 0:30).
pub const LATER_LEADOUT_LEN: u32 = 2250;
/// Lead-in length (4500 sectors, 1:00).
pub const LEADIN_LEN: u32 = 4500;

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

    /// Opens an image by its extension (case-insensitive): `.iso` (2048
    /// bytes per sector) or `.cue` (a cue sheet and its files).
    pub fn open(path: &Path) -> Result<Disc, DiscError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("iso") => iso::open(path),
            Some("cue") => cue::open(path),
            _ => Err(DiscError::Invalid(format!(
                "{}: unknown image type (expected .iso or .cue)",
                path.display()
            ))),
        }
    }

    /// A disc from the bytes of an ISO image (one Mode 1 track).
    pub fn from_iso_bytes(bytes: Vec<u8>) -> Result<Disc, DiscError> {
        iso::disc(
            "ISO image",
            bytes.len() as u64,
            image::Backing::Memory(bytes),
        )
    }

    /// A disc from the text of a cue sheet, as if it were the file at
    /// `cue_path` (its FILEs are looked up in that file's directory;
    /// errors name that path).
    pub fn from_cue_str(text: &str, cue_path: &Path) -> Result<Disc, DiscError> {
        cue::parse(text, cue_path)
    }

    /// Writes the disc as one raw BIN file (2352 bytes per sector from
    /// LBA 0) and a cue sheet naming it (CATALOG, TITLE/PERFORMER, FLAGS,
    /// ISRC, INDEX 00/01/02..), for real tools (cdrdao, bchunk) and for
    /// running the built-in disc elsewhere. Single-session discs only.
    pub fn export_bin_cue(&self, bin: &Path, cue: &Path) -> Result<(), DiscError> {
        cue::export(self, bin, cue)
    }

    /// The built-in disc; see [`builtin`] for its layout.
    pub fn builtin() -> Disc {
        builtin::disc()
    }

    /// Session `number`.
    pub fn session(&self, number: u8) -> Option<&Session> {
        self.sessions.iter().find(|s| s.number == number)
    }

    /// Number of the first track (1 for every disc this module makes).
    pub fn first_track(&self) -> u8 {
        self.tracks.first().map_or(1, |t| t.number)
    }

    /// Number of the last track.
    pub fn last_track(&self) -> u8 {
        self.tracks.last().map_or(1, |t| t.number)
    }

    /// Where `lba` is: in a track (and which index), in a lead-out or in
    /// a lead-in between sessions.
    pub fn area(&self, lba: u32) -> Area {
        if let Some(t) = self.track_at(lba) {
            return Area::Program {
                track: t.number,
                index: t.index_at(lba),
            };
        }
        for (i, s) in self.sessions.iter().enumerate() {
            let Some(next) = self.sessions.get(i + 1) else {
                break;
            };
            let next_start = self
                .track(next.first_track)
                .map_or(u32::MAX, |t| t.pregap_start);
            if lba >= s.leadout && lba < next_start {
                let len = if s.number == 1 {
                    FIRST_LEADOUT_LEN
                } else {
                    LATER_LEADOUT_LEN
                };
                return if lba - s.leadout < len {
                    Area::LeadOut {
                        session: s.number,
                        offset: lba - s.leadout,
                    }
                } else {
                    Area::LeadIn {
                        session: next.number,
                        offset: lba - s.leadout - len,
                    }
                };
            }
        }
        let last = self.sessions.last();
        Area::LeadOut {
            session: last.map_or(1, |s| s.number),
            offset: lba.saturating_sub(last.map_or(0, |s| s.leadout)),
        }
    }

    /// What kind of sector `lba` is: the track's kind, and for Mode 2
    /// tracks what the sector's XA subheader says (Form 1, Form 2, or
    /// formless when it has none).
    pub fn sector_kind(&self, lba: u32) -> Result<SectorKind, DiscError> {
        let track = self
            .track_at(lba)
            .ok_or(DiscError::OutOfRange(i64::from(lba)))?;
        match track.kind {
            SectorKind::Audio | SectorKind::Mode1 => Ok(track.kind),
            SectorKind::Mode2Formless | SectorKind::Mode2Form1 | SectorKind::Mode2Form2 => {
                let mut raw = [0u8; RAW_LEN];
                self.read_main(lba, &mut raw)?;
                Ok(match sector::mode2_form(&raw) {
                    Mode2Form::Formless => SectorKind::Mode2Formless,
                    Mode2Form::Form1 => SectorKind::Mode2Form1,
                    Mode2Form::Form2 => SectorKind::Mode2Form2,
                })
            }
        }
    }

    /// Copies the user data of `lba` to the front of `out` and returns
    /// its length: 2048 bytes for Mode 1 and Mode 2 Form 1, 2324 for
    /// Form 2, 2336 for formless Mode 2. Audio sectors have no user data
    /// ([`DiscError::Invalid`]; check [`Disc::sector_kind`] first to tell
    /// the cases apart); so does an `out` too short for the sector.
    pub fn user_data(&self, lba: u32, out: &mut [u8]) -> Result<usize, DiscError> {
        let kind = self.sector_kind(lba)?;
        let range = match kind {
            SectorKind::Audio => {
                return Err(DiscError::Invalid(format!(
                    "LBA {lba} is an audio sector: it has no user data"
                )))
            }
            SectorKind::Mode1 => 16..2064,
            SectorKind::Mode2Form1 => 24..2072,
            SectorKind::Mode2Form2 => 24..2348,
            SectorKind::Mode2Formless => 16..2352,
        };
        let n = range.len();
        let have = out.len();
        let dst = out.get_mut(..n).ok_or_else(|| {
            DiscError::Invalid(format!(
                "LBA {lba}: {n} bytes of user data do not fit in {have} bytes"
            ))
        })?;
        let mut raw = [0u8; RAW_LEN];
        self.read_main(lba, &mut raw)?;
        dst.copy_from_slice(&raw[range]);
        Ok(n)
    }

    /// The ADR 1 (position) Q channel of `lba`, as READ SUB-CHANNEL's
    /// current position reports it: control of the track, BCD track and
    /// index, relative MSF (counting down to 00:00:00 through a pregap),
    /// absolute MSF, CRC. In a lead-out: TNO `AA`, index 01, time since
    /// the lead-out start. In a lead-in between sessions: the TOC frame
    /// (see [`Disc::q_channel_recorded`]).
    pub fn q_channel(&self, lba: u32) -> [u8; 12] {
        let absolute = lba + 150;
        match self.area(lba) {
            Area::Program { track, index } => {
                let t = self.track(track);
                let control = t.map_or(0, |t| t.control.bits());
                let start = t.map_or(lba, |t| t.start);
                let relative = start.abs_diff(lba);
                subchannel::position(
                    control,
                    subchannel::tno(track),
                    sector::bcd(index),
                    relative,
                    absolute,
                )
            }
            Area::LeadOut { session, offset } => {
                let control = self.last_control(session);
                subchannel::position(control, 0xAA, 0x01, offset, absolute)
            }
            Area::LeadIn { session, offset } => self.lead_in_q(session, offset),
        }
    }

    fn last_control(&self, session: u8) -> u8 {
        self.session(session)
            .and_then(|s| self.track(s.last_track))
            .map_or(0, |t| t.control.bits())
    }

    /// The lead-in's TOC as Q frames: each entry three times in a row,
    /// the session's tracks then A0 (first track, disc type), A1 (last
    /// track), A2 (lead-out). B0/C0 (multi-session pointers) are not
    /// produced.
    fn lead_in_q(&self, session: u8, offset: u32) -> [u8; 12] {
        let Some(s) = self.session(session) else {
            return subchannel::lead_in(0, 0xA2, offset, [0, 0, 0]);
        };
        let xa = self.tracks.iter().any(|t| {
            matches!(
                t.kind,
                SectorKind::Mode2Formless | SectorKind::Mode2Form1 | SectorKind::Mode2Form2
            )
        });
        let tracks: Vec<&Track> = self
            .tracks
            .iter()
            .filter(|t| t.session == session)
            .collect();
        let entries = tracks.len() as u32 + 3;
        let entry = (offset / 3) % entries;
        let control_of = |n: u8| self.track(n).map_or(0, |t| t.control.bits());
        let (control, point, p) = match entry.checked_sub(tracks.len() as u32) {
            None => {
                let t = tracks[entry as usize];
                (t.control.bits(), t.number, sector::bcd_msf(t.start + 150))
            }
            Some(0) => (
                control_of(s.first_track),
                0xA0,
                [sector::bcd(s.first_track), if xa { 0x20 } else { 0x00 }, 0],
            ),
            Some(1) => (
                control_of(s.last_track),
                0xA1,
                [sector::bcd(s.last_track), 0, 0],
            ),
            Some(_) => (
                control_of(s.last_track),
                0xA2,
                sector::bcd_msf(s.leadout + 150),
            ),
        };
        let point = if point < 0xA0 {
            subchannel::tno(point)
        } else {
            point
        };
        subchannel::lead_in(control, point, offset, p)
    }

    /// The Q frame recorded at `lba`, as raw P–W carries it: the ADR 1
    /// frame of [`Disc::q_channel`], except that in the program area
    /// the frame whose absolute frame number ends in 10 (of every 100)
    /// carries the MCN (ADR 2) when the disc has one, and the frame
    /// ending in 60 carries the track's ISRC (ADR 3) when it has one and
    /// `lba` is past INDEX 01. Real discs interleave these frames (at
    /// least one in 100, IEC 60908 §17.5); the fixed slots make the
    /// choice predictable for tests.
    pub fn q_channel_recorded(&self, lba: u32) -> [u8; 12] {
        let absolute = lba + 150;
        if let Area::Program { track, index } = self.area(lba) {
            let t = self.track(track);
            let control = t.map_or(0, |t| t.control.bits());
            match (absolute % 100, &self.mcn, t.and_then(|t| t.isrc.as_ref())) {
                (10, Some(mcn), _) => return subchannel::mcn(control, mcn, absolute),
                (60, _, Some(isrc)) if index >= 1 => {
                    return subchannel::isrc(control, isrc, absolute)
                }
                _ => {}
            }
        }
        self.q_channel(lba)
    }

    /// The raw interleaved P–W sub-channel of `lba` (96 bytes, READ CD
    /// sub-channel selection 001b): bit 7 of byte i is P, bit 6 is bit i
    /// of [`Disc::q_channel_recorded`], R–W are zero. P is 1 in pregaps
    /// (index 0), lead-outs and lead-ins, 0 elsewhere (the lead-out's
    /// 2 Hz alternation is not modelled).
    pub fn subchannel_pw(&self, lba: u32) -> [u8; 96] {
        let p = !matches!(self.area(lba), Area::Program { index: 1.., .. });
        subchannel::interleave(p, &self.q_channel_recorded(lba))
    }

    /// The CD-TEXT packs (block 0: titles 0x80, performers 0x81, size
    /// information 0x8F), empty when the disc has no text.
    pub fn cdtext_packs(&self) -> Vec<[u8; 18]> {
        let tracks = self
            .tracks
            .iter()
            .map(|t| [t.title.as_deref(), t.performer.as_deref()])
            .collect();
        cdtext::packs(&cdtext::Texts {
            first_track: self.first_track(),
            album: [self.title.as_deref(), self.performer.as_deref()],
            tracks,
        })
    }

    /// The 2352-byte main channel of `lba`.
    pub fn read_main(&self, lba: u32, out: &mut [u8; 2352]) -> Result<(), DiscError> {
        if lba >= self.leadout() {
            return Err(DiscError::OutOfRange(i64::from(lba)));
        }
        self.source.read_main(self, lba, out)
    }
}
