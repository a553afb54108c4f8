//! Cross-checks with real image tools: genisoimage and sox make the
//! images, `cdrdao show-toc` reads the cue sheet's TOC, `bchunk` splits a
//! BIN into ISO/WAV, `isoinfo` reads the built-in disc's file system.
//!
//! A missing tool fails the test when CI=true and skips it (with a
//! message) otherwise. Install: `apt-get install cdrdao genisoimage sox
//! bchunk` (isoinfo is in genisoimage).

mod tools_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use cdfilter_host::disc::sector::{RAW_LEN, USER_LEN};
use cdfilter_host::disc::{builtin, Disc};
use tools_support::{require_tools, sox_tone};

/// Runs `program` with `args` in `dir`; its standard output as text.
#[track_caller]
fn run(dir: &Path, program: &str, args: &[&str]) -> String {
    let out = tools_support::run(Command::new(program).args(args).current_dir(dir));
    String::from_utf8_lossy(&out).into_owned()
}

fn make_iso(dir: &Path) -> PathBuf {
    let tree = dir.join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    std::fs::write(tree.join("readme.txt"), "made by genisoimage\n").unwrap();
    run(dir, "genisoimage", &["-quiet", "-o", "data.iso", "tree"]);
    dir.join("data.iso")
}

fn make_tone(dir: &Path, name: &str, seconds: &str, hz: &str) {
    sox_tone(&dir.join(name), seconds, hz);
}

/// One track as `cdrdao show-toc` prints it.
#[derive(Debug, PartialEq, Eq, Default)]
struct TocTrack {
    number: u8,
    pregap_start: u32,
    start: u32,
    end: u32,
    indexes: Vec<u32>,
    isrc: Option<String>,
    copy: bool,
    pre_emphasis: bool,
}

/// The LBA in parentheses at the end of a `mm:ss:ff(  lba)` line.
fn lba_of(line: &str) -> u32 {
    let inner = line
        .rsplit_once('(')
        .unwrap()
        .1
        .trim_end_matches(')')
        .trim();
    inner.parse().unwrap()
}

fn cdrdao_toc(dir: &Path, cue: &str) -> (Option<String>, Vec<TocTrack>) {
    let text = run(dir, "cdrdao", &["show-toc", cue]);
    let mut catalog = None;
    let mut tracks: Vec<TocTrack> = Vec::new();
    let mut pregap = 0;
    for line in text.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["CATALOG", "NUMBER:", n] => catalog = Some((*n).to_string()),
            ["TRACK", n, ..] => {
                pregap = 0;
                tracks.push(TocTrack {
                    number: n.parse().unwrap(),
                    ..TocTrack::default()
                });
            }
            ["ISRC", parts @ ..] => tracks.last_mut().unwrap().isrc = Some(parts.concat()),
            ["COPY", "PERMITTED"] => tracks.last_mut().unwrap().copy = true,
            ["PRE-EMPHASIS"] => tracks.last_mut().unwrap().pre_emphasis = true,
            ["PREGAP", ..] => pregap = lba_of(line),
            ["START", ..] => {
                let t = tracks.last_mut().unwrap();
                t.start = lba_of(line);
                t.pregap_start = t.start - pregap;
            }
            ["INDEX", ..] => tracks.last_mut().unwrap().indexes.push(lba_of(line)),
            ["END", ..] => tracks.last_mut().unwrap().end = lba_of(line),
            _ => {}
        }
    }
    (catalog, tracks)
}

fn our_toc(disc: &Disc) -> Vec<TocTrack> {
    disc.tracks
        .iter()
        .map(|t| TocTrack {
            number: t.number,
            pregap_start: t.pregap_start,
            start: t.start,
            end: t.end,
            indexes: t.indexes.clone(),
            isrc: t.isrc.map(|i| String::from_utf8_lossy(&i).into_owned()),
            copy: t.control.copy_permitted,
            pre_emphasis: t.control.pre_emphasis,
        })
        .collect()
}

/// cdrdao 1.2.4 reads the time of INDEX 02 and later relative to the
/// track's INDEX 01 rather than to the FILE (as bchunk, libcdio and the
/// CDRWIN format have it; with the file-relative time it fails "Index
/// beyond track end"). Rewrites those lines for cdrdao's reading.
fn cdrdao_index_quirk(cue: &Path) {
    let frames = |t: &str| {
        let v: Vec<u32> = t.split(':').map(|p| p.parse().unwrap()).collect();
        v[0] * 4500 + v[1] * 75 + v[2]
    };
    let mut index1 = 0;
    let text: Vec<String> = std::fs::read_to_string(cue)
        .unwrap()
        .lines()
        .map(
            |line| match line.split_whitespace().collect::<Vec<_>>().as_slice() {
                ["INDEX", "01", t] => {
                    index1 = frames(t);
                    line.to_string()
                }
                ["INDEX", n, t] if *n != "00" => {
                    let rel = frames(t) - index1;
                    format!(
                        "    INDEX {n} {:02}:{:02}:{:02}",
                        rel / 4500,
                        rel / 75 % 60,
                        rel % 75
                    )
                }
                _ => line.to_string(),
            },
        )
        .collect();
    std::fs::write(cue, text.join("\n")).unwrap();
}

const MULTI_FILE_CUE: &str = r#"CATALOG 1234567890128
FILE "data.iso" BINARY
  TRACK 01 MODE1/2048
    INDEX 01 00:00:00
FILE "a2.raw" BINARY
  TRACK 02 AUDIO
    FLAGS DCP PRE
    ISRC XYCDF2500002
    PREGAP 00:02:00
    INDEX 01 00:00:00
    INDEX 02 00:01:00
FILE "a3.raw" BINARY
  TRACK 03 AUDIO
    FLAGS DCP
    INDEX 00 00:00:00
    INDEX 01 00:01:00
  TRACK 04 AUDIO
    INDEX 00 00:04:00
    INDEX 01 00:04:50
    POSTGAP 00:01:00
"#;

#[test]
fn multi_file_cue_matches_cdrdao_show_toc() {
    if !require_tools(&["genisoimage", "sox", "cdrdao"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    make_iso(dir.path());
    make_tone(dir.path(), "a2.raw", "4", "440");
    make_tone(dir.path(), "a3.raw", "6", "660");
    let cue = dir.path().join("multi.cue");
    std::fs::write(&cue, MULTI_FILE_CUE).unwrap();

    let disc = Disc::open(&cue).unwrap();
    let (catalog, theirs) = cdrdao_toc(dir.path(), "multi.cue");

    assert_eq!(our_toc(&disc), theirs);
    assert_eq!(disc.leadout(), theirs.last().unwrap().end);
    assert_eq!(catalog.as_deref(), Some("1234567890128"));
}

#[test]
fn builtin_disc_exported_as_bin_cue_matches_cdrdao_show_toc() {
    if !require_tools(&["cdrdao"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let disc = Disc::builtin();
    disc.export_bin_cue(
        &dir.path().join("builtin.bin"),
        &dir.path().join("builtin.cue"),
    )
    .unwrap();

    cdrdao_index_quirk(&dir.path().join("builtin.cue"));

    let (catalog, theirs) = cdrdao_toc(dir.path(), "builtin.cue");

    assert_eq!(our_toc(&disc), theirs);
    assert_eq!(theirs.last().unwrap().end, builtin::LEADOUT);
    assert_eq!(catalog.as_deref(), Some("1234567890128"));
}

#[test]
fn bchunk_splits_equal_our_sectors() {
    if !require_tools(&["genisoimage", "sox", "bchunk"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let iso_path = make_iso(dir.path());
    make_tone(dir.path(), "a.raw", "4", "440");
    make_tone(dir.path(), "b.raw", "3", "880");
    // A two-file disc: genisoimage's ISO and sox's audio, with a stored
    // INDEX 00 pregap on track 3.
    let cue = dir.path().join("src.cue");
    std::fs::write(
        &cue,
        "FILE data.iso BINARY\nTRACK 01 MODE1/2048\nINDEX 01 00:00:00\n\
         FILE a.raw BINARY\nTRACK 02 AUDIO\nINDEX 01 00:00:00\nTRACK 03 AUDIO\nINDEX 00 00:03:00\nINDEX 01 00:03:10\n\
         FILE b.raw BINARY\nTRACK 04 AUDIO\nINDEX 01 00:00:00\n",
    )
    .unwrap();
    let disc = Disc::open(&cue).unwrap();
    // Our raw sectors as one BIN (MODE1/2352 + AUDIO), then bchunk.
    disc.export_bin_cue(&dir.path().join("all.bin"), &dir.path().join("all.cue"))
        .unwrap();

    run(dir.path(), "bchunk", &["-w", "all.bin", "all.cue", "out"]);

    // Track 1: bchunk's ISO (user data of our MODE1/2352 sectors) is
    // genisoimage's ISO.
    assert_eq!(
        std::fs::read(dir.path().join("out01.iso")).unwrap(),
        std::fs::read(&iso_path).unwrap()
    );
    // Audio: bchunk cuts from INDEX 01 to the next track's first index
    // (its INDEX 00 when it has one): our `start..end`.
    for n in 2u8..=4 {
        let wav = std::fs::read(dir.path().join(format!("out{n:02}.wav"))).unwrap();
        let track = disc.track(n).unwrap();
        let mut ours = Vec::new();
        let mut sector = [0u8; RAW_LEN];
        for lba in track.start..track.end {
            disc.read_main(lba, &mut sector).unwrap();
            ours.extend_from_slice(&sector);
        }
        let first_difference = wav[44..].iter().zip(&ours).position(|(a, b)| a != b);
        assert_eq!(
            (wav.len() - 44, first_difference),
            (ours.len(), None),
            "track {n}"
        );
    }
    // And the sox samples are what the disc serves for track 4.
    let b = std::fs::read(dir.path().join("b.raw")).unwrap();
    let mut first = [0u8; RAW_LEN];
    disc.read_main(disc.track(4).unwrap().start, &mut first)
        .unwrap();
    assert_eq!(first[..], b[..RAW_LEN]);
}

#[test]
fn isoinfo_reads_the_builtin_volume() {
    if !require_tools(&["isoinfo"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let disc = Disc::builtin();
    let mut iso = vec![0u8; builtin::TRACK2_PREGAP as usize * USER_LEN];
    for (lba, chunk) in iso.chunks_mut(USER_LEN).enumerate() {
        assert_eq!(disc.user_data(lba as u32, chunk).unwrap(), USER_LEN);
    }
    std::fs::write(dir.path().join("t1.iso"), &iso).unwrap();

    let d = run(dir.path(), "isoinfo", &["-d", "-i", "t1.iso"]);
    let l = run(dir.path(), "isoinfo", &["-l", "-i", "t1.iso"]);
    let x = run(
        dir.path(),
        "isoinfo",
        &["-i", "t1.iso", "-x", "/README.TXT;1"],
    );

    assert!(d.contains("Volume id: CDFILTER"), "{d}");
    assert!(d.contains("Volume size is: 300"), "{d}");
    assert!(l.contains("README.TXT;1"), "{l}");
    assert_eq!(x, builtin::README);
}
