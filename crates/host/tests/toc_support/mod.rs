//! Shared by the TOC host tests: disc images made with real tools, the
//! independent TOC oracle (`cdrdao show-toc`), and the comparison of a
//! stack's TOC answers with it. Running the tools is `tools_support`'s (the
//! test crate declares both modules).

#![allow(dead_code, reason = "each test crate uses a part of this module")]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::tools_support::{run, sox_tone};

use cdfilter_core::abi::toc::{control, CdromReadTocEx, TocFormat, TrackData, LEAD_OUT_TRACK};
use cdfilter_core::ioctl::Ioctl;
use cdfilter_core::port::Port;
use cdfilter_core::scsi::msf::Msf;
use cdfilter_core::scsi::toc::TocView;
use cdfilter_core::status::NtStatus;
use cdfilter_host::model::Granted;
use cdfilter_host::Stack;

/// Bytes per audio sector (and per raw sector).
pub const RAW_SECTOR: u64 = 2352;
/// Bytes per cooked Mode 1 sector.
pub const COOKED_SECTOR: u64 = 2048;

/// A directory of disc images and cue sheets made with genisoimage and sox.
pub struct Images {
    dir: tempfile::TempDir,
}

impl Images {
    /// Makes the images: `data.iso` (genisoimage of a small tree),
    /// `a440.bin` (4 s), `a660.bin` (3 s), `a880.bin` (5 s): 16-bit stereo
    /// little-endian 44.1 kHz sine tones from sox, and `mode2.bin`: 300
    /// Mode 2 formless sectors of zeros.
    pub fn make() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let tree = dir.path().join("tree");
        std::fs::create_dir(&tree).expect("mkdir");
        let mut text = String::new();
        for i in 0..2000 {
            writeln!(text, "line {i} of the data track").expect("write");
        }
        std::fs::write(tree.join("README.TXT"), text).expect("write");
        run(Command::new("genisoimage")
            .args(["-quiet", "-V", "CDFILTER", "-o"])
            .arg(dir.path().join("data.iso"))
            .arg(&tree));
        for (name, secs, freq) in [
            ("a440.bin", "4", "440"),
            ("a660.bin", "3", "660"),
            ("a880.bin", "5", "880"),
        ] {
            sox_tone(&dir.path().join(name), secs, freq);
        }
        // Mode 2 formless user data (2336 bytes a sector) of 300 sectors:
        // no tool here writes one, and its content does not matter to a TOC.
        std::fs::write(dir.path().join("mode2.bin"), vec![0u8; 2336 * 300]).expect("write");
        Self { dir }
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Sectors of an image file of `sector`-byte sectors.
    pub fn sectors(&self, name: &str, sector: u64) -> u32 {
        let len = std::fs::metadata(self.path().join(name))
            .expect("stat")
            .len();
        assert_eq!(len % sector, 0, "{name} is not a whole number of sectors");
        u32::try_from(len / sector).expect("sector count")
    }

    /// Writes a cue sheet and returns its path.
    pub fn cue(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path().join(name);
        std::fs::write(&p, text).expect("write cue");
        p
    }
}

/// The cue sheets of the oracle, by name.
pub const CUES: &[(&str, &str)] = &[
    // Data + audio in separate FILEs: PREGAP (silence not in the file) with
    // FLAGS DCP PRE, then INDEX 00 inside the third file.
    (
        "data_audio.cue",
        "FILE \"data.iso\" BINARY\n\
         \x20 TRACK 01 MODE1/2048\n\
         \x20   INDEX 01 00:00:00\n\
         FILE \"a440.bin\" BINARY\n\
         \x20 TRACK 02 AUDIO\n\
         \x20   FLAGS DCP PRE\n\
         \x20   PREGAP 00:02:00\n\
         \x20   INDEX 01 00:00:00\n\
         FILE \"a660.bin\" BINARY\n\
         \x20 TRACK 03 AUDIO\n\
         \x20   INDEX 00 00:00:00\n\
         \x20   INDEX 01 00:01:00\n",
    ),
    // Audio only, one FILE holding two tracks (INDEX 00 between them,
    // INDEX 02, ISRC, four-channel flag), a second FILE with a PREGAP, and
    // a catalogue number.
    (
        "audio_single_file.cue",
        "CATALOG 0123456789012\n\
         FILE \"a880.bin\" BINARY\n\
         \x20 TRACK 01 AUDIO\n\
         \x20   ISRC USRC17607839\n\
         \x20   FLAGS DCP\n\
         \x20   INDEX 01 00:00:00\n\
         \x20   INDEX 02 00:01:00\n\
         \x20 TRACK 02 AUDIO\n\
         \x20   FLAGS 4CH\n\
         \x20   INDEX 00 00:03:00\n\
         \x20   INDEX 01 00:03:30\n\
         FILE \"a440.bin\" BINARY\n\
         \x20 TRACK 03 AUDIO\n\
         \x20   FLAGS PRE\n\
         \x20   PREGAP 00:00:10\n\
         \x20   INDEX 01 00:00:00\n",
    ),
    // Audio first, then data after a two-second PREGAP.
    (
        "audio_data.cue",
        "FILE \"a440.bin\" BINARY\n\
         \x20 TRACK 01 AUDIO\n\
         \x20   INDEX 01 00:00:00\n\
         FILE \"data.iso\" BINARY\n\
         \x20 TRACK 02 MODE1/2048\n\
         \x20   PREGAP 00:02:00\n\
         \x20   INDEX 01 00:00:00\n",
    ),
    // A CD-ROM XA disc: Mode 2 (2336-byte sectors) then audio.
    (
        "mode2_audio.cue",
        "FILE \"mode2.bin\" BINARY\n\
         \x20 TRACK 01 MODE2/2336\n\
         \x20   INDEX 01 00:00:00\n\
         FILE \"a660.bin\" BINARY\n\
         \x20 TRACK 02 AUDIO\n\
         \x20   PREGAP 00:02:00\n\
         \x20   INDEX 01 00:00:00\n",
    ),
];

/// One track as `cdrdao show-toc` prints it (sector numbers from LBA 0).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OracleTrack {
    /// Track number.
    pub number: u8,
    /// `Mode` (AUDIO, MODE1, MODE1_RAW, MODE2, MODE2_RAW, ...).
    pub mode: String,
    /// COPY PERMITTED.
    pub copy: bool,
    /// PRE-EMPHASIS (audio only).
    pub pre_emphasis: bool,
    /// FOUR CHANNEL AUDIO (audio only).
    pub four_channel: bool,
    /// PREGAP length in sectors (0 when none is printed).
    pub pregap: u32,
    /// START: the LBA of INDEX 01.
    pub start: u32,
    /// END: the first LBA after the track.
    pub end: u32,
}

impl OracleTrack {
    /// The CONTROL nibble this track must have in a TOC.
    pub fn control(&self) -> u8 {
        let mut c = 0;
        if self.mode != "AUDIO" {
            c |= control::AUDIO_DATA_TRACK;
        }
        if self.copy {
            c |= control::DIGITAL_COPY_PERMITTED;
        }
        if self.pre_emphasis {
            c |= control::AUDIO_WITH_PREEMPHASIS;
        }
        if self.four_channel {
            c |= control::TWO_FOUR_CHANNEL_AUDIO;
        }
        c
    }
}

/// What `cdrdao show-toc` says about a cue sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OracleToc {
    /// `TOC TYPE` (CD_DA, CD_ROM, CD_ROM_XA, CD_I).
    pub toc_type: String,
    /// `CATALOG NUMBER`, if printed.
    pub catalog: Option<String>,
    /// Tracks in order.
    pub tracks: Vec<OracleTrack>,
}

impl OracleToc {
    /// The lead-out LBA: the END of the last track.
    pub fn lead_out(&self) -> u32 {
        self.tracks.last().map_or(0, |t| t.end)
    }
}

/// Runs `cdrdao show-toc` on `cue` (from its directory, so relative FILE
/// names resolve) and parses what it prints.
pub fn cdrdao_show_toc(cue: &Path) -> OracleToc {
    let dir = cue.parent().expect("cue directory");
    let out = run(Command::new("cdrdao")
        .current_dir(dir)
        .arg("show-toc")
        .arg(cue.file_name().expect("cue name")));
    parse_show_toc(&String::from_utf8_lossy(&out))
}

/// The sector count in parentheses of `START  00:04:25(   325)`.
fn sectors_in_parens(line: &str) -> u32 {
    let inner = line
        .split_once('(')
        .and_then(|(_, r)| r.split_once(')'))
        .map_or("", |(n, _)| n.trim());
    inner
        .parse()
        .unwrap_or_else(|e| panic!("no (sectors) in {line:?}: {e}"))
}

/// Parses `cdrdao show-toc` output.
pub fn parse_show_toc(text: &str) -> OracleToc {
    let mut toc = OracleToc {
        toc_type: String::new(),
        catalog: None,
        tracks: Vec::new(),
    };
    for raw in text.lines() {
        let line = raw.trim();
        if let Some(t) = line.strip_prefix("TOC TYPE:") {
            t.trim().clone_into(&mut toc.toc_type);
        } else if let Some(c) = line.strip_prefix("CATALOG NUMBER:") {
            toc.catalog = Some(c.trim().to_owned());
        } else if let Some(rest) = line.strip_prefix("TRACK") {
            let mut words = rest.split_whitespace();
            let number = words
                .next()
                .and_then(|n| n.parse().ok())
                .expect("track number");
            assert_eq!(words.next(), Some("Mode"), "{line:?}");
            let mode = words.next().expect("mode").trim_end_matches(':').to_owned();
            toc.tracks.push(OracleTrack {
                number,
                mode,
                copy: false,
                pre_emphasis: false,
                four_channel: false,
                pregap: 0,
                start: 0,
                end: 0,
            });
        } else if let Some(t) = toc.tracks.last_mut() {
            match line {
                "COPY PERMITTED" => t.copy = true,
                "PRE-EMPHASIS" => t.pre_emphasis = true,
                "FOUR CHANNEL AUDIO" => t.four_channel = true,
                _ if line.starts_with("PREGAP") => t.pregap = sectors_in_parens(line),
                _ if line.starts_with("START") => t.start = sectors_in_parens(line),
                _ if line.starts_with("END") => t.end = sectors_in_parens(line),
                _ => {}
            }
        }
    }
    assert!(
        !toc.tracks.is_empty(),
        "no tracks in cdrdao output:\n{text}"
    );
    toc
}

/// READ_TOC, READ_TOC_EX (format 0 in LBA form, format 1) and
/// GET_LAST_SESSION through `stack` agree with the oracle on the track
/// numbers, starts, CONTROL bits and lead-out, without verifier violations.
/// Returns a report of what was compared.
#[track_caller]
pub fn assert_stack_agrees<P: Port>(stack: &Stack<P>, oracle: &OracleToc) -> String {
    let h = stack.open(Granted::READ_WRITE);
    let last = oracle.tracks.last().expect("tracks").number;
    let first = oracle.tracks.first().expect("tracks").number;
    let mut report = String::new();

    // IOCTL_CDROM_READ_TOC: MSF addresses.
    let r = stack.ioctl(h, Ioctl::CdromReadToc.code(), &[], 804);
    assert_eq!(r.status, NtStatus::SUCCESS, "READ_TOC");
    let expect_len = 4 + 8 * (oracle.tracks.len() + 1);
    assert_eq!(r.information, expect_len, "READ_TOC Information");
    let v = TocView::new_checked(r.data()).expect("TOC header");
    assert_eq!((v.first(), v.last()), (first, last), "first/last track");
    assert_eq!(
        usize::from(v.data_length()) + 2,
        expect_len,
        "TOC length field"
    );
    for t in &oracle.tracks {
        let d = v
            .track(t.number)
            .unwrap_or_else(|| panic!("track {} missing", t.number));
        let lba = d.msf().to_lba();
        assert_eq!(
            lba,
            Some(t.start),
            "track {} start (MSF {:?})",
            t.number,
            d.msf()
        );
        assert_eq!(
            d.control(),
            t.control(),
            "track {} CONTROL ({})",
            t.number,
            t.mode
        );
        assert_eq!(d.adr().0, 1, "track {} ADR", t.number);
        writeln!(
            report,
            "track {:2} {:9} start {:6} control {:x}",
            t.number,
            t.mode,
            t.start,
            t.control()
        )
        .ok();
    }
    let lo = v.lead_out().expect("lead-out entry");
    assert_eq!(lo.msf().to_lba(), Some(oracle.lead_out()), "lead-out (MSF)");
    assert_eq!(
        Msf::from_lba(oracle.lead_out()),
        Some(lo.msf()),
        "lead-out MSF"
    );
    writeln!(report, "lead-out        {:6}", oracle.lead_out()).ok();

    // IOCTL_CDROM_READ_TOC_EX format 0 in LBA form.
    let input = CdromReadTocEx::new(TocFormat::TOC, false, 0);
    let input = [
        input.format_msf,
        input.session_track,
        input.reserved2,
        input.reserved3,
    ];
    let r = stack.ioctl(h, Ioctl::CdromReadTocEx.code(), &input, 804);
    assert_eq!(r.status, NtStatus::SUCCESS, "READ_TOC_EX format 0");
    let v = TocView::new_checked(r.data()).expect("TOC header");
    for t in &oracle.tracks {
        let d = v
            .track(t.number)
            .unwrap_or_else(|| panic!("track {} missing (LBA)", t.number));
        assert_eq!(d.lba(), t.start, "track {} start (LBA)", t.number);
    }
    assert_eq!(
        v.track(LEAD_OUT_TRACK).map(TrackData::lba),
        Some(oracle.lead_out()),
        "lead-out (LBA)"
    );

    // IOCTL_CDROM_GET_LAST_SESSION: one session starting at the first track.
    let r = stack.ioctl(h, Ioctl::CdromGetLastSession.code(), &[], 12);
    assert_eq!(r.status, NtStatus::SUCCESS, "GET_LAST_SESSION");
    let v = TocView::new_checked(r.data()).expect("session header");
    assert_eq!((v.first(), v.last()), (1, 1), "sessions");
    let first_track = oracle.tracks.first().expect("tracks");
    assert_eq!(
        v.tracks().first().map(|d| (d.track_number, d.lba())),
        Some((first_track.number, first_track.start))
    );

    stack.close_handle(h);
    assert_eq!(stack.violations(), Vec::new(), "verifier violations");
    report
}

/// READ_TOC_EX format 2 (full TOC, MSF) of session 1 through `stack`
/// agrees with the oracle: one entry per track with its CONTROL and start,
/// A0 (first track, disc type), A1 (last track) and A2 (lead-out). The disc
/// type is 0x20 for CD_ROM_XA and 0x00 for CD_DA and CD_ROM.
#[track_caller]
pub fn assert_full_toc_agrees<P: Port>(stack: &Stack<P>, oracle: &OracleToc) {
    let h = stack.open(Granted::READ_WRITE);
    let input = CdromReadTocEx::new(TocFormat::FULL_TOC, true, 1);
    let input = [
        input.format_msf,
        input.session_track,
        input.reserved2,
        input.reserved3,
    ];
    let r = stack.ioctl(h, Ioctl::CdromReadTocEx.code(), &input, 4096);
    assert_eq!(r.status, NtStatus::SUCCESS, "READ_TOC_EX format 2");
    let v = TocView::new_checked(r.data()).expect("full TOC header");
    assert_eq!((v.first(), v.last()), (1, 1), "complete sessions");
    let entries = v.full_toc();
    let point = |p: u8| {
        entries
            .iter()
            .find(|e| e.point == p && e.adr().0 == 1)
            .unwrap_or_else(|| panic!("no full-TOC entry for point {p:#04x}"))
    };
    let lba = |[m, s, f]: [u8; 3]| Msf::new(m, s, f).and_then(Msf::to_lba);
    for t in &oracle.tracks {
        let e = point(t.number);
        assert_eq!(lba(e.msf), Some(t.start), "point {} start", t.number);
        assert_eq!(e.control(), t.control(), "point {} CONTROL", t.number);
        assert_eq!(e.session_number, 1, "point {} session", t.number);
    }
    let first = oracle.tracks.first().expect("tracks");
    let last = oracle.tracks.last().expect("tracks");
    let disc_type = if oracle.toc_type == "CD_ROM_XA" {
        0x20
    } else {
        0x00
    };
    assert_eq!(
        point(0xA0).msf[..2],
        [first.number, disc_type],
        "A0: first track, disc type"
    );
    assert_eq!(point(0xA1).msf[0], last.number, "A1: last track");
    assert_eq!(
        lba(point(0xA2).msf),
        Some(oracle.lead_out()),
        "A2: lead-out"
    );
    stack.close_handle(h);
    assert_eq!(stack.violations(), Vec::new(), "verifier violations");
}
