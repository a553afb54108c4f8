//! Shared pieces of the cdromctl integration tests: running the binary,
//! reading its JSON, and disc images made in the test.

#![allow(dead_code, reason = "each test file uses a different part")]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// `cdromctl` with `args`.
pub fn cdromctl<I, S>(args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut c = Command::cargo_bin("cdromctl").unwrap();
    c.args(args);
    c
}

/// Runs `cdromctl args`, expects exit code `code`, returns stdout.
#[track_caller]
pub fn run(args: &[&str], code: i32) -> String {
    let out = cdromctl(args).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "cdromctl {args:?}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    stdout
}

/// The JSON objects of `--json` output, one per line.
#[track_caller]
pub fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// Runs `cdromctl --json args`, expects `code`, returns the one object.
#[track_caller]
pub fn json(args: &[&str], code: i32) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let lines = json_lines(&run(&all, code));
    assert_eq!(lines.len(), 1, "{lines:?}");
    lines.into_iter().next().unwrap()
}

/// A small mixed-mode BIN/CUE set made in the test:
/// - `data.bin`, MODE1/2048, 100 sectors, sector k filled with byte k;
/// - `audio.bin`, 150 AUDIO sectors of known PCM ([`pcm_byte`]): track 2
///   (FLAGS DCP, ISRC, a 2-second PREGAP not stored) is sectors 0..75,
///   track 3 is sectors 75..150.
///
/// Layout: track 1 at LBA 0, track 2's pregap 100..250, track 2 at 250,
/// track 3 at 325, lead-out at 400. CATALOG 0123456789012.
pub struct Image {
    /// The directory holding the files.
    pub dir: TempDir,
}

/// Byte `i` of `audio.bin`.
pub fn pcm_byte(i: usize) -> u8 {
    (i.wrapping_mul(31) ^ (i >> 9)) as u8
}

/// Sectors of `audio.bin`.
pub const AUDIO_SECTORS: usize = 150;
/// LBA of track 2.
pub const TRACK2: u32 = 250;
/// LBA of track 3.
pub const TRACK3: u32 = 325;
/// The lead-out.
pub const LEADOUT: u32 = 400;

pub const CUE: &str = "CATALOG 0123456789012\n\
FILE \"data.bin\" BINARY\n\
  TRACK 01 MODE1/2048\n\
    INDEX 01 00:00:00\n\
FILE \"audio.bin\" BINARY\n\
  TRACK 02 AUDIO\n\
    FLAGS DCP\n\
    ISRC XYCDF2500042\n\
    PREGAP 00:02:00\n\
    INDEX 01 00:00:00\n\
  TRACK 03 AUDIO\n\
    FLAGS PRE\n\
    INDEX 01 00:01:00\n";

impl Image {
    /// Writes the files.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let data: Vec<u8> = (0..100u8)
            .flat_map(|k| std::iter::repeat_n(k, 2048))
            .collect();
        std::fs::write(dir.path().join("data.bin"), data).unwrap();
        let audio: Vec<u8> = (0..AUDIO_SECTORS * 2352).map(pcm_byte).collect();
        std::fs::write(dir.path().join("audio.bin"), audio).unwrap();
        std::fs::write(dir.path().join("disc.cue"), CUE).unwrap();
        Self { dir }
    }

    /// The cue sheet's path.
    pub fn cue(&self) -> PathBuf {
        self.dir.path().join("disc.cue")
    }

    /// The cue sheet's path as a string.
    pub fn cue_str(&self) -> String {
        self.cue().display().to_string()
    }

    /// A path in the image's directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// The PCM bytes of a WAV file (16-bit stereo 44.1 kHz checked).
#[track_caller]
pub fn wav_bytes(path: &Path) -> Vec<u8> {
    let mut r = hound::WavReader::open(path).unwrap();
    let spec = r.spec();
    assert_eq!(
        (spec.channels, spec.sample_rate, spec.bits_per_sample),
        (2, 44_100, 16)
    );
    assert_eq!(spec.sample_format, hound::SampleFormat::Int);
    r.samples::<i16>()
        .flat_map(|s| s.unwrap().to_le_bytes())
        .collect()
}

/// Hex of `bytes`, lowercase.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
