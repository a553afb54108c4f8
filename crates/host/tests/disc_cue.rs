//! Cue sheet parsing: every supported keyword, the disc layout it gives,
//! the sectors it serves, and errors with file:line.

use std::path::{Path, PathBuf};

use cdfilter_host::disc::sector::{self, RAW_LEN, USER_LEN};
use cdfilter_host::disc::{Area, Disc, DiscError, SectorKind};
use tempfile::TempDir;

/// A directory with image files for one test.
struct Dir(TempDir);

impl Dir {
    fn new() -> Self {
        Self(tempfile::tempdir().unwrap())
    }

    /// `sectors` sectors of `size` bytes, sector k filled with `first + k`.
    fn bin(&self, name: &str, size: usize, sectors: usize, first: u8) -> &Self {
        let bytes: Vec<u8> = (0..sectors)
            .flat_map(|k| std::iter::repeat_n(first.wrapping_add(k as u8), size))
            .collect();
        std::fs::write(self.0.path().join(name), bytes).unwrap();
        self
    }

    fn raw(&self, name: &str, bytes: &[u8]) -> &Self {
        std::fs::write(self.0.path().join(name), bytes).unwrap();
        self
    }

    fn cue_path(&self) -> PathBuf {
        self.0.path().join("disc.cue")
    }

    fn parse(&self, cue: &str) -> Result<Disc, DiscError> {
        Disc::from_cue_str(cue, &self.cue_path())
    }

    fn open(&self, cue: &str) -> Disc {
        std::fs::write(self.cue_path(), cue).unwrap();
        Disc::open(&self.cue_path()).unwrap()
    }
}

fn main_of(disc: &Disc, lba: u32) -> [u8; RAW_LEN] {
    let mut out = [0u8; RAW_LEN];
    disc.read_main(lba, &mut out).unwrap();
    out
}

#[track_caller]
fn parse_error(dir: &Dir, cue: &str) -> (usize, String) {
    match dir.parse(cue) {
        Err(DiscError::Parse { file, line, reason }) => {
            assert_eq!(Path::new(&file), dir.cue_path());
            (line, reason)
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
}

const MIXED: &str = r#"CATALOG 1234567890128
TITLE "Album"
PERFORMER "Band"
FILE "data.iso" BINARY
  TRACK 01 MODE1/2048
    INDEX 01 00:00:00
FILE "Audio.BIN" BINARY
  TRACK 02 AUDIO
    TITLE "Two"
    PERFORMER "Player"
    FLAGS DCP PRE
    ISRC XYCDF2500002
    PREGAP 00:01:00
    INDEX 01 00:00:00
    INDEX 02 00:00:10
  TRACK 03 AUDIO
    FLAGS 4CH SCMS
    INDEX 00 00:00:20
    INDEX 01 00:00:25
    POSTGAP 00:00:30
"#;

fn mixed() -> (Dir, Disc) {
    let dir = Dir::new();
    dir.bin("data.iso", USER_LEN, 20, 1)
        .bin("audio.bin", RAW_LEN, 30, 0x10);
    let disc = dir.open(MIXED);
    (dir, disc)
}

#[test]
fn mixed_layout_track_starts_pregaps_and_lead_out() {
    let (_dir, disc) = mixed();

    let layout: Vec<_> = disc
        .tracks
        .iter()
        .map(|t| (t.number, t.pregap_start, t.start, t.end, t.indexes.clone()))
        .collect();

    assert_eq!(
        layout,
        [
            (1, 0, 0, 20, vec![]),
            (2, 20, 95, 115, vec![105]),
            (3, 115, 120, 155, vec![])
        ]
    );
    assert_eq!(disc.leadout(), 155);
    assert_eq!(disc.sessions.len(), 1);
}

#[test]
fn file_name_is_matched_without_regard_to_case() {
    let (_dir, disc) = mixed();

    assert_eq!(main_of(&disc, 95)[0], 0x10);
}

#[test]
fn pregap_is_synthesised_silence() {
    let (_dir, disc) = mixed();

    assert_eq!(main_of(&disc, 20), [0; RAW_LEN]);
    assert_eq!(main_of(&disc, 94), [0; RAW_LEN]);
}

#[test]
fn index_00_pregap_is_read_from_the_file() {
    let (_dir, disc) = mixed();

    assert_eq!(main_of(&disc, 115), [0x10 + 20; RAW_LEN]);
    assert_eq!(disc.area(115), Area::Program { track: 3, index: 0 });
}

#[test]
fn postgap_is_synthesised_and_belongs_to_the_track() {
    let (_dir, disc) = mixed();

    assert_eq!(main_of(&disc, 124), [0x10 + 29; RAW_LEN]);
    assert_eq!(main_of(&disc, 125), [0; RAW_LEN]);
    assert_eq!(disc.area(154), Area::Program { track: 3, index: 1 });
}

#[test]
fn mode1_2048_track_gets_sync_header_and_its_data() {
    let (_dir, disc) = mixed();

    let s = main_of(&disc, 19);

    assert_eq!(s[12..16], [0x00, 0x02, 0x19, 0x01]);
    assert!(s[16..2064].iter().all(|&b| b == 20));
}

#[test]
fn flags_become_control_bits() {
    let (_dir, disc) = mixed();

    let controls: Vec<u8> = disc.tracks.iter().map(|t| t.control.bits()).collect();

    assert_eq!(controls, [0x4, 0x3, 0x8]);
}

#[test]
fn catalog_isrc_and_cdtext_fields() {
    let (_dir, disc) = mixed();

    assert_eq!(disc.mcn, Some(*b"1234567890128"));
    assert_eq!(disc.track(2).unwrap().isrc, Some(*b"XYCDF2500002"));
    assert_eq!(disc.title.as_deref(), Some("Album"));
    assert_eq!(disc.performer.as_deref(), Some("Band"));
    assert_eq!(disc.track(2).unwrap().title.as_deref(), Some("Two"));
    assert_eq!(disc.track(2).unwrap().performer.as_deref(), Some("Player"));
    assert_eq!(disc.track(3).unwrap().title, None);
}

#[test]
fn user_data_of_mode1_is_2048_bytes_and_audio_has_none() {
    let (_dir, disc) = mixed();
    let mut buf = [0u8; 2352];

    let n = disc.user_data(5, &mut buf).unwrap();

    assert_eq!(n, 2048);
    assert!(buf[..2048].iter().all(|&b| b == 6));
    assert!(matches!(
        disc.user_data(95, &mut buf),
        Err(DiscError::Invalid(_))
    ));
    assert_eq!(disc.sector_kind(95).unwrap(), SectorKind::Audio);
}

#[test]
fn pregap_split_across_files() {
    // Track 2's INDEX 00 is at the end of a.bin, its INDEX 01 starts b.bin.
    let dir = Dir::new();
    dir.bin("a.bin", RAW_LEN, 10, 0)
        .bin("b.bin", RAW_LEN, 5, 0x40);
    let cue =
        "FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nTRACK 02 AUDIO\nINDEX 00 00:00:07\n\
               FILE b.bin BINARY\nINDEX 01 00:00:00\n";

    let disc = dir.parse(cue).unwrap();

    let t2 = disc.track(2).unwrap();
    assert_eq!((t2.pregap_start, t2.start, t2.end), (7, 10, 15));
    assert_eq!(main_of(&disc, 9)[0], 9);
    assert_eq!(main_of(&disc, 10)[0], 0x40);
}

#[test]
fn mixed_sector_sizes_in_one_file() {
    // 4 sectors of MODE1/2352 then 3 of audio in one BINARY file.
    let dir = Dir::new();
    let mut bytes = Vec::new();
    for lba in 0..4 {
        let mut s = [0u8; RAW_LEN];
        sector::encode_mode1(lba, &[lba as u8; USER_LEN], &mut s);
        bytes.extend_from_slice(&s);
    }
    bytes.extend(std::iter::repeat_n(0x77, 3 * RAW_LEN));
    dir.raw("one.bin", &bytes);
    let cue = "FILE \"one.bin\" BINARY\n TRACK 01 MODE1/2352\n  INDEX 01 00:00:00\n TRACK 02 AUDIO\n  INDEX 01 00:00:04\n";

    let disc = dir.parse(cue).unwrap();

    assert_eq!(main_of(&disc, 3)[..], bytes[3 * RAW_LEN..4 * RAW_LEN]);
    assert_eq!(main_of(&disc, 4), [0x77; RAW_LEN]);
    assert_eq!(disc.leadout(), 7);
}

#[test]
fn mode2_2336_gets_sync_and_header() {
    let dir = Dir::new();
    dir.bin("m2.bin", 2336, 2, 0xC0);

    let disc = dir
        .parse("FILE m2.bin BINARY\nTRACK 01 MODE2/2336\nINDEX 01 00:00:00\n")
        .unwrap();

    let s = main_of(&disc, 1);
    assert_eq!(
        s[..16],
        [
            0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x00, 0x02, 0x01,
            0x02
        ]
    );
    assert!(s[16..].iter().all(|&b| b == 0xC1));
    assert_eq!(disc.sector_kind(1).unwrap(), SectorKind::Mode2Formless);
}

#[test]
fn mode2_2352_xa_sectors_are_served_as_stored_with_their_form() {
    let dir = Dir::new();
    let mut form1 = [0u8; RAW_LEN];
    sector::encode_mode2_form1(0, [1, 0, 0x08, 0], &[0x31; USER_LEN], &mut form1);
    let mut form2 = [0x32u8; RAW_LEN];
    sector::write_header(&mut form2, 1, 2);
    form2[16..24].copy_from_slice(&[1, 0, 0x20, 0, 1, 0, 0x20, 0]);
    dir.raw("xa.bin", &[form1, form2].concat());

    let disc = dir
        .parse("FILE xa.bin BINARY\nTRACK 01 MODE2/2352\nINDEX 01 00:00:00\n")
        .unwrap();

    let mut buf = [0u8; RAW_LEN];
    assert_eq!(main_of(&disc, 0), form1);
    assert_eq!(main_of(&disc, 1), form2);
    assert_eq!(disc.user_data(0, &mut buf).unwrap(), 2048);
    assert_eq!(buf[0], 0x31);
    assert_eq!(disc.user_data(1, &mut buf).unwrap(), 2324);
    assert_eq!(disc.sector_kind(1).unwrap(), SectorKind::Mode2Form2);
    assert!(disc.tracks[0].control.data);
}

#[test]
fn wave_file_skips_riff_header_and_pads_the_last_sector() {
    let dir = Dir::new();
    let data: Vec<u8> = (0..2 * RAW_LEN + 100).map(|i| (i % 256) as u8).collect();
    let mut wav = Vec::new();
    wav.extend_from_slice(b"RIFF\0\0\0\0WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes());
    wav.extend_from_slice(&[1, 0, 2, 0]);
    wav.extend_from_slice(&44_100u32.to_le_bytes());
    wav.extend_from_slice(&(44_100u32 * 4).to_le_bytes());
    wav.extend_from_slice(&[4, 0, 16, 0]);
    wav.extend_from_slice(b"LIST\x03\0\0\0abc\0");
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&(data.len() as u32).to_le_bytes());
    wav.extend_from_slice(&data);
    dir.raw("song.wav", &wav);

    let disc = dir
        .parse("FILE \"song.wav\" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n")
        .unwrap();

    assert_eq!(disc.leadout(), 3);
    assert_eq!(main_of(&disc, 0)[..], data[..RAW_LEN]);
    let last = main_of(&disc, 2);
    assert_eq!(last[..100], data[2 * RAW_LEN..]);
    assert!(last[100..].iter().all(|&b| b == 0));
}

#[test]
fn motorola_audio_is_byte_swapped() {
    let dir = Dir::new();
    let bytes: Vec<u8> = (0..RAW_LEN).map(|i| (i % 2) as u8).collect();
    dir.raw("be.bin", &bytes);

    let disc = dir
        .parse("FILE be.bin MOTOROLA\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n")
        .unwrap();

    assert_eq!(main_of(&disc, 0)[..4], [1, 0, 1, 0]);
}

#[test]
fn second_session_starts_11400_sectors_after_the_first_lead_out() {
    let dir = Dir::new();
    dir.bin("a.bin", RAW_LEN, 10, 0)
        .bin("d.iso", USER_LEN, 20, 0x50);
    let cue = "REM SESSION 01\nFILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n\
               REM SESSION 02\nFILE d.iso BINARY\nTRACK 02 MODE1/2048\nINDEX 01 00:00:00\n";

    let disc = dir.parse(cue).unwrap();

    let sessions: Vec<_> = disc
        .sessions
        .iter()
        .map(|s| (s.number, s.first_track, s.last_track, s.leadout))
        .collect();
    assert_eq!(sessions, [(1, 1, 1, 10), (2, 2, 2, 11_430)]);
    let t2 = disc.track(2).unwrap();
    assert_eq!(
        (t2.session, t2.pregap_start, t2.start, t2.end),
        (2, 11_260, 11_410, 11_430)
    );
    assert_eq!(disc.tracks[0].end, 10);
    assert_eq!(
        disc.area(10),
        Area::LeadOut {
            session: 1,
            offset: 0
        }
    );
    assert_eq!(
        disc.area(10 + 6750),
        Area::LeadIn {
            session: 2,
            offset: 0
        }
    );
    assert!(matches!(
        disc.read_main(100, &mut [0; RAW_LEN]),
        Err(DiscError::OutOfRange(100))
    ));
    assert!(main_of(&disc, 11_410)[16..2064].iter().all(|&b| b == 0x50));
}

#[test]
fn lead_in_of_session_2_carries_its_toc() {
    let dir = Dir::new();
    dir.bin("a.bin", RAW_LEN, 10, 0)
        .bin("d.iso", USER_LEN, 20, 0x50);
    let cue = "FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n\
               REM SESSION 02\nFILE d.iso BINARY\nTRACK 02 MODE1/2048\nINDEX 01 00:00:00\n";
    let disc = dir.parse(cue).unwrap();

    let first = disc.q_channel(10 + 6750);
    let a2 = disc.q_channel(10 + 6750 + 9);

    // POINT 02 at 11410 + 150 = 02:34:10; A2 = lead-out 11430 + 150 = 02:34:30.
    assert_eq!(
        first[..10],
        [0x41, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x34, 0x10]
    );
    assert_eq!(
        a2[..10],
        [0x41, 0x00, 0xA2, 0x00, 0x00, 0x09, 0x00, 0x02, 0x34, 0x30]
    );
}

#[test]
fn iso_open_by_extension_in_any_case() {
    let dir = Dir::new();
    dir.bin("x.ISO", USER_LEN, 3, 0);

    let disc = Disc::open(&dir.0.path().join("x.ISO")).unwrap();

    assert_eq!(disc.leadout(), 3);
    assert_eq!(disc.tracks[0].kind, SectorKind::Mode1);
}

#[test]
fn iso_of_a_size_not_multiple_of_2048_is_rejected() {
    let err = Disc::from_iso_bytes(vec![0; 2049]).unwrap_err();

    assert_eq!(
        err.to_string(),
        "ISO image: 2049 bytes is not a whole number of 2048-byte sectors (1 left over)"
    );
}

#[test]
fn unknown_extension_is_rejected() {
    let err = Disc::open(Path::new("/nonexistent/disc.img")).unwrap_err();

    assert!(err.to_string().contains("unknown image type"), "{err}");
}

#[test]
fn error_display_is_file_colon_line_colon_reason() {
    let dir = Dir::new();
    dir.bin("a.bin", RAW_LEN, 1, 0);

    let err = dir
        .parse("FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nBOGUS 1\n")
        .unwrap_err();

    assert_eq!(
        err.to_string(),
        format!("{}:4: unknown command 'BOGUS'", dir.cue_path().display())
    );
}

fn error_of(cue: &str) -> (usize, String) {
    let dir = Dir::new();
    dir.bin("a.bin", RAW_LEN, 10, 0).bin("odd.bin", 1000, 1, 0);
    parse_error(&dir, cue)
}

#[test]
fn track_before_file() {
    assert_eq!(
        error_of("REM x\nTRACK 01 AUDIO\n"),
        (2, "TRACK before any FILE".into())
    );
}

#[test]
fn index_before_track() {
    assert_eq!(
        error_of("FILE a.bin BINARY\nINDEX 01 00:00:00\n"),
        (2, "INDEX outside a TRACK".into())
    );
}

#[test]
fn missing_file() {
    let (line, reason) = error_of("FILE \"nope.bin\" BINARY\n");

    assert_eq!(line, 1);
    assert!(
        reason.starts_with("FILE \"nope.bin\" not found in "),
        "{reason}"
    );
}

#[test]
fn bad_catalog() {
    assert_eq!(
        error_of("CATALOG 12345\n"),
        (1, "CATALOG '12345' is not 13 digits".into())
    );
}

#[test]
fn bad_isrc() {
    let (line, reason) = error_of("FILE a.bin BINARY\nTRACK 01 AUDIO\nISRC US-ABC\n");

    assert_eq!(line, 3);
    assert!(
        reason.starts_with("ISRC 'US-ABC' is not 12 characters"),
        "{reason}"
    );
}

#[test]
fn bad_time() {
    let (line, reason) = error_of("FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:60:00\n");

    assert_eq!(
        (line, reason.as_str()),
        (
            3,
            "'00:60:00' is not a time mm:ss:ff (seconds < 60, frames < 75)"
        )
    );
}

#[test]
fn bad_flag() {
    assert_eq!(
        error_of("FILE a.bin BINARY\nTRACK 01 AUDIO\nFLAGS DCP XYZ\n"),
        (3, "unknown FLAGS value 'XYZ' (DCP, 4CH, PRE, SCMS)".into())
    );
}

#[test]
fn unsupported_mode() {
    let (line, reason) = error_of("FILE a.bin BINARY\nTRACK 01 CDG\n");

    assert_eq!(line, 2);
    assert!(
        reason.starts_with("track mode 'CDG' is not supported"),
        "{reason}"
    );
}

#[test]
fn tracks_out_of_order() {
    assert_eq!(
        error_of("FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nTRACK 03 AUDIO\n"),
        (4, "track 03 does not follow track 01".into())
    );
}

#[test]
fn track_without_index_01() {
    assert_eq!(
        error_of("FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 00 00:00:00\nTRACK 02 AUDIO\n"),
        (4, "track 01 (line 2) has no INDEX 01".into())
    );
}

/// Found by the `cue` fuzz target: track 01's INDEX 01 came after track
/// 02's, and the layout had a track ending before it started.
#[test]
fn next_tracks_index_before_this_tracks_last_index() {
    let (line, reason) = error_of(
        "FILE a.bin BINARY\nTRACK 1 AUDIO\nINDEX 0 0:0:0\nINDEX 01 0:0:05\nTRACK 02 AUDIO\nINDEX 1 0:0:1\n",
    );

    assert_eq!(line, 6);
    assert!(reason.contains("before the previous position"), "{reason}");
}

/// Found by the `cue` fuzz target: an INDEX 01 past the end of the file's
/// data gave a track ending before it started.
#[test]
fn index_past_the_end_of_the_file() {
    let (line, reason) =
        error_of("FILE a.bin BINARY\n TRACK 1 AUDIO\n INDEX 0 0:00:0\nINDEX 01 10:0:0\n");

    assert_eq!(line, 4);
    assert!(
        reason.contains("past the end of FILE \"a.bin\""),
        "{reason}"
    );
}

#[test]
fn index_at_the_last_sector_of_the_file_is_accepted() {
    // a.bin holds 10 raw sectors: INDEX 01 at sector 9 leaves one.
    let dir = Dir::new();
    dir.bin("a.bin", RAW_LEN, 10, 0);
    let disc = dir
        .parse("FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 00 00:00:00\nINDEX 01 00:00:09\n")
        .expect("a valid sheet");
    assert_eq!(disc.tracks[0].length(), 1);
}

#[test]
fn index_02_before_index_01_of_the_same_track() {
    let (line, reason) = error_of(
        "FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 00 00:00:00\nINDEX 01 00:00:05\nINDEX 02 00:00:03\n",
    );

    assert_eq!(line, 5);
    assert!(reason.contains("before the previous position"), "{reason}");
}

#[test]
fn index_going_backwards() {
    let (line, reason) = error_of(
        "FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nTRACK 02 AUDIO\nINDEX 01 00:00:05\nINDEX 02 00:00:02\n",
    );

    assert_eq!(line, 6);
    assert!(reason.contains("before the previous position"), "{reason}");
}

#[test]
fn pregap_after_index() {
    assert_eq!(
        error_of("FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nPREGAP 00:02:00\n"),
        (4, "PREGAP must come before the track's first INDEX".into())
    );
}

#[test]
fn binary_not_a_whole_number_of_sectors() {
    let (line, reason) = error_of("FILE odd.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n");

    assert_eq!(line, 4);
    assert!(
        reason.contains("are not a whole number of 2352-byte sectors"),
        "{reason}"
    );
}

#[test]
fn session_skipping_a_number() {
    assert_eq!(
        error_of("FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nREM SESSION 03\n"),
        (4, "REM SESSION 03 does not follow session 01".into())
    );
}

#[test]
fn rem_comments_and_ignored_cdtext_keywords_are_accepted() {
    let dir = Dir::new();
    dir.bin("a.bin", RAW_LEN, 10, 0);

    let disc = dir.parse("REM GENRE Test\nREM DATE 2025\nSONGWRITER \"x\"\nFILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n");

    assert_eq!(disc.unwrap().leadout(), 10);
}
