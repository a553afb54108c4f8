//! The sector source behind ISO, BIN/CUE and the built-in disc: the disc
//! as a sorted list of runs of sectors, each stored in a file (or in
//! memory) in one of the cue sheet's layouts, or synthesised.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::Mutex;

use super::sector::{self, MODE2_LEN, RAW_LEN, USER_LEN};
use super::{Disc, DiscError, SectorKind, SectorSource};

/// How a run's sectors are stored.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Layout {
    /// 2048 user bytes per sector; sync, header, EDC and ECC are
    /// synthesised (ISO, MODE1/2048).
    Cooked,
    /// 2352 bytes per sector as on the disc (MODE1/2352, MODE2/2352,
    /// AUDIO in a BINARY file).
    Raw,
    /// 16-bit big-endian audio, 2352 bytes per sector (FILE ... MOTOROLA).
    RawSwapped,
    /// 2336 bytes per sector after the header (MODE2/2336); sync and
    /// header are synthesised.
    Mode2,
}

impl Layout {
    /// Bytes per sector in the file.
    pub(crate) const fn stored_len(self) -> u64 {
        match self {
            Self::Cooked => USER_LEN as u64,
            Self::Raw | Self::RawSwapped => RAW_LEN as u64,
            Self::Mode2 => MODE2_LEN as u64,
        }
    }
}

/// Where a run's bytes come from.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) enum Fill {
    /// From `backing`, starting at byte `offset`.
    Stored {
        /// Index into the source's backings.
        backing: usize,
        /// Byte offset of the run's first sector.
        offset: u64,
        /// Sector layout in the file.
        layout: Layout,
    },
    /// Not stored (PREGAP, POSTGAP, the built-in disc's empty blocks):
    /// digital silence for audio, zero user data for data sectors.
    Zero,
    /// The built-in disc's audio: a sine tone of `hz` with left/right
    /// amplitudes, phase 0 at `origin` (an LBA).
    Tone {
        /// Frequency in hertz.
        hz: f64,
        /// Peak amplitudes (left, right).
        amplitude: (f64, f64),
        /// LBA where sample 0 is.
        origin: u32,
    },
}

/// A run of consecutive sectors of one kind.
#[derive(Clone, PartialEq, Debug)]
pub(crate) struct Run {
    /// First LBA.
    pub start: u32,
    /// Number of sectors.
    pub len: u32,
    /// What the sectors are (for synthesised data).
    pub kind: SectorKind,
    /// Where the bytes come from.
    pub fill: Fill,
}

/// Bytes behind a [`Fill::Stored`] run.
#[derive(Debug)]
pub(crate) enum Backing {
    /// An open file.
    File {
        /// Its path (for errors).
        path: PathBuf,
        /// The file; reads seek, so they are serialised.
        file: Mutex<File>,
    },
    /// Bytes in memory.
    Memory(Vec<u8>),
}

impl Backing {
    /// Opens `path`.
    pub(crate) fn open(path: PathBuf) -> Result<Self, DiscError> {
        match File::open(&path) {
            Ok(file) => Ok(Self::File {
                path,
                file: Mutex::new(file),
            }),
            Err(source) => Err(DiscError::Io { path, source }),
        }
    }

    /// Fills `out` from `offset`; bytes past the end read as zero (a
    /// WAVE file's last, partial sector).
    fn read_at(&self, offset: u64, out: &mut [u8]) -> Result<(), DiscError> {
        match self {
            Self::Memory(bytes) => {
                out.fill(0);
                let start = usize::try_from(offset)
                    .unwrap_or(usize::MAX)
                    .min(bytes.len());
                let n = (bytes.len() - start).min(out.len());
                out[..n].copy_from_slice(&bytes[start..start + n]);
                Ok(())
            }
            Self::File { path, file } => {
                let io = |source| DiscError::Io {
                    path: path.clone(),
                    source,
                };
                let mut file = file
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                file.seek(SeekFrom::Start(offset)).map_err(io)?;
                let mut done = 0;
                while done < out.len() {
                    match file.read(&mut out[done..]) {
                        Ok(0) => break,
                        Ok(n) => done += n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(io(e)),
                    }
                }
                out[done..].fill(0);
                Ok(())
            }
        }
    }
}

/// The runs of a disc and the bytes behind them.
#[derive(Debug)]
pub(crate) struct ImageSource {
    /// Runs sorted by `start`, not overlapping.
    pub runs: Vec<Run>,
    /// Files or memory the stored runs read from.
    pub backings: Vec<Backing>,
}

impl ImageSource {
    /// The run holding `lba`.
    pub(crate) fn run_at(&self, lba: u32) -> Option<&Run> {
        let i = self.runs.partition_point(|r| r.start + r.len <= lba);
        self.runs.get(i).filter(|r| r.start <= lba)
    }
}

/// Sync + Mode 2 header + zeros: the synthesised sector of a Mode 2
/// track's PREGAP/POSTGAP (formless, as ECMA-130 permits).
fn zero_sector(kind: SectorKind, lba: u32, out: &mut [u8; RAW_LEN]) {
    match kind {
        SectorKind::Audio => out.fill(0),
        SectorKind::Mode1 => sector::encode_mode1(lba, &[0; USER_LEN], out),
        SectorKind::Mode2Formless | SectorKind::Mode2Form1 | SectorKind::Mode2Form2 => {
            sector::encode_mode2(lba, &[0; MODE2_LEN], out);
        }
    }
}

/// One 2352-byte sector of a sine tone, samples counted from `origin`.
pub(crate) fn tone_sector(
    hz: f64,
    amplitude: (f64, f64),
    origin: u32,
    lba: u32,
    out: &mut [u8; RAW_LEN],
) {
    let first = u64::from(lba.saturating_sub(origin)) * 588;
    for (i, frame) in out.chunks_exact_mut(4).enumerate() {
        let n = first + i as u64;
        let s = (std::f64::consts::TAU * hz * n as f64 / 44_100.0).sin();
        let left = (s * amplitude.0).round() as i16;
        let right = (s * amplitude.1).round() as i16;
        frame[..2].copy_from_slice(&left.to_le_bytes());
        frame[2..].copy_from_slice(&right.to_le_bytes());
    }
}

impl SectorSource for ImageSource {
    fn read_main(&self, _disc: &Disc, lba: u32, out: &mut [u8; RAW_LEN]) -> Result<(), DiscError> {
        let run = self
            .run_at(lba)
            .ok_or(DiscError::OutOfRange(i64::from(lba)))?;
        match run.fill {
            Fill::Zero => zero_sector(run.kind, lba, out),
            Fill::Tone {
                hz,
                amplitude,
                origin,
            } => tone_sector(hz, amplitude, origin, lba, out),
            Fill::Stored {
                backing,
                offset,
                layout,
            } => {
                let backing = self.backings.get(backing).ok_or_else(|| {
                    DiscError::Invalid(format!("run at LBA {} has no file", run.start))
                })?;
                let at = offset + u64::from(lba - run.start) * layout.stored_len();
                match layout {
                    Layout::Raw => backing.read_at(at, out)?,
                    Layout::RawSwapped => {
                        backing.read_at(at, out)?;
                        for pair in out.chunks_exact_mut(2) {
                            pair.swap(0, 1);
                        }
                    }
                    Layout::Cooked => {
                        let mut user = [0u8; USER_LEN];
                        backing.read_at(at, &mut user)?;
                        sector::encode_mode1(lba, &user, out);
                    }
                    Layout::Mode2 => {
                        let mut body = [0u8; MODE2_LEN];
                        backing.read_at(at, &mut body)?;
                        sector::encode_mode2(lba, &body, out);
                    }
                }
            }
        }
        Ok(())
    }
}
