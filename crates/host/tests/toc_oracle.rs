//! The TOC oracle: READ_TOC and READ_TOC_EX answers of the host stack over
//! the simulated drive, for cue sheets of real images (genisoimage, sox),
//! must agree with `cdrdao show-toc` on track starts, pregaps, modes,
//! copy/pre-emphasis flags and the lead-out.
//!
//! Under CI=true a missing tool fails the test; locally it is skipped with a
//! message.

mod toc_support;
mod tools_support;

use std::path::Path;

use cdfilter_host::disc::{Disc, SectorKind, Track};
use cdfilter_host::sim::{SimConfig, SimDrive};
use cdfilter_host::Stack;
use toc_support::{
    cdrdao_show_toc, Images, OracleToc, OracleTrack, COOKED_SECTOR, CUES, RAW_SECTOR,
};
use tools_support::require_tools;

const TOOLS: &[&str] = &["cdrdao", "genisoimage", "sox"];

fn track(
    number: u8,
    mode: &str,
    flags: (bool, bool, bool),
    pregap: u32,
    start: u32,
    end: u32,
) -> OracleTrack {
    let (copy, pre_emphasis, four_channel) = flags;
    OracleTrack {
        number,
        mode: mode.to_owned(),
        copy,
        pre_emphasis,
        four_channel,
        pregap,
        start,
        end,
    }
}

/// The harness itself: what cdrdao prints for each cue sheet, parsed, is
/// what the cue sheet means (lengths from the image files: 75 sectors per
/// second of sox audio, 2048 bytes per ISO sector).
#[test]
fn cdrdao_output_is_parsed_into_the_cue_sheets_meaning() {
    if !require_tools(TOOLS) {
        return;
    }
    let images = Images::make();
    let iso = images.sectors("data.iso", COOKED_SECTOR);
    let (a440, a660, a880) = (
        images.sectors("a440.bin", RAW_SECTOR),
        images.sectors("a660.bin", RAW_SECTOR),
        images.sectors("a880.bin", RAW_SECTOR),
    );
    assert_eq!((a440, a660, a880), (300, 225, 375), "sox lengths");
    let none = (false, false, false);
    let expect = [
        vec![
            track(1, "MODE1", none, 0, 0, iso),
            track(
                2,
                "AUDIO",
                (true, true, false),
                150,
                iso + 150,
                iso + 150 + a440,
            ),
            track(
                3,
                "AUDIO",
                none,
                75,
                iso + 150 + a440 + 75,
                iso + 150 + a440 + a660,
            ),
        ],
        vec![
            track(1, "AUDIO", (true, false, false), 0, 0, 225),
            track(2, "AUDIO", (false, false, true), 30, 255, a880),
            track(
                3,
                "AUDIO",
                (false, true, false),
                10,
                a880 + 10,
                a880 + 10 + a440,
            ),
        ],
        vec![
            track(1, "AUDIO", none, 0, 0, a440),
            track(2, "MODE1", none, 150, a440 + 150, a440 + 150 + iso),
        ],
        vec![
            track(1, "MODE2", none, 0, 0, 300),
            track(2, "AUDIO", none, 150, 450, 450 + a660),
        ],
    ];
    let types = ["CD_ROM", "CD_DA", "CD_ROM", "CD_ROM_XA"];
    assert_eq!(CUES.len(), expect.len());
    for (((name, text), tracks), toc_type) in CUES.iter().zip(expect).zip(types) {
        let oracle = cdrdao_show_toc(&images.cue(name, text));
        assert_eq!(oracle.tracks, tracks, "{name}");
        assert_eq!(oracle.toc_type, toc_type, "{name}");
    }
    let catalog = cdrdao_show_toc(&images.cue(CUES[1].0, CUES[1].1)).catalog;
    assert_eq!(catalog.as_deref(), Some("0123456789012"));
}

/// The stack over the simulated drive answers READ_TOC / READ_TOC_EX /
/// GET_LAST_SESSION as cdrdao reads the cue sheet.
#[test]
fn toc_answers_agree_with_cdrdao() {
    if !require_tools(TOOLS) {
        return;
    }
    let images = Images::make();
    for (name, text) in CUES {
        let cue = images.cue(name, text);
        let oracle = cdrdao_show_toc(&cue);
        let (stack, tracks) = stack_from_cue(&cue);
        let report = toc_support::assert_stack_agrees(&stack, &oracle);
        toc_support::assert_full_toc_agrees(&stack, &oracle);
        assert_disc_model_agrees(&tracks, &oracle, name);
        eprintln!("{name}:\n{report}");
    }
}

/// The disc model the simulated drive plays has cdrdao's pregaps (the
/// previous track ends where the pregap starts), starts, ends and modes.
/// The TOC reports only where INDEX 01 starts; this is where the pregaps
/// themselves are compared.
#[track_caller]
fn assert_disc_model_agrees(tracks: &[Track], oracle: &OracleToc, name: &str) {
    assert_eq!(tracks.len(), oracle.tracks.len(), "{name}: track count");
    for (t, o) in tracks.iter().zip(&oracle.tracks) {
        assert_eq!(t.number, o.number, "{name}: track number");
        assert_eq!(
            t.pregap_start,
            o.start - o.pregap,
            "{name}: track {} pregap",
            o.number
        );
        assert_eq!(
            (t.start, t.end),
            (o.start, o.end),
            "{name}: track {} start/end",
            o.number
        );
        assert_eq!(
            t.control.bits(),
            o.control(),
            "{name}: track {} CONTROL",
            o.number
        );
        assert_eq!(
            t.kind == SectorKind::Audio,
            o.mode == "AUDIO",
            "{name}: track {} mode {}",
            o.number,
            o.mode
        );
    }
}

/// A started stack over the simulated drive with the disc of `cue` loaded,
/// and the disc's tracks.
fn stack_from_cue(cue: &Path) -> (Stack<SimDrive>, Vec<Track>) {
    let disc = Disc::open(cue).unwrap_or_else(|e| panic!("{}: {e}", cue.display()));
    let tracks = disc.tracks.clone();
    let stack = Stack::new(SimDrive::new(SimConfig::default(), Some(disc)));
    (stack, tracks)
}
