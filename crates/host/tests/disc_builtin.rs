//! The built-in disc: its documented layout, its sectors, and a round
//! trip through BIN/CUE.

use cdfilter_host::disc::sector::{RAW_LEN, USER_LEN};
use cdfilter_host::disc::{builtin, Area, Disc, DiscError, SectorKind};

fn main_of(disc: &Disc, lba: u32) -> [u8; RAW_LEN] {
    let mut out = [0u8; RAW_LEN];
    disc.read_main(lba, &mut out).unwrap();
    out
}

fn samples(sector: &[u8; RAW_LEN]) -> Vec<(i16, i16)> {
    sector
        .chunks_exact(4)
        .map(|f| {
            (
                i16::from_le_bytes([f[0], f[1]]),
                i16::from_le_bytes([f[2], f[3]]),
            )
        })
        .collect()
}

#[test]
fn layout_is_as_documented() {
    let disc = Disc::builtin();

    let layout: Vec<_> = disc
        .tracks
        .iter()
        .map(|t| {
            (
                t.number,
                t.kind,
                t.control.bits(),
                t.pregap_start,
                t.start,
                t.end,
                t.indexes.clone(),
            )
        })
        .collect();

    assert_eq!(
        layout,
        [
            (1, SectorKind::Mode1, 0x4, 0, 0, 300, vec![]),
            (2, SectorKind::Audio, 0x2, 300, 450, 750, vec![]),
            (3, SectorKind::Audio, 0x1, 750, 750, 975, vec![825]),
            (4, SectorKind::Audio, 0x0, 975, 1050, 1350, vec![]),
        ]
    );
    assert_eq!(disc.leadout(), builtin::LEADOUT);
    assert_eq!(disc.sessions.len(), 1);
    assert_eq!((disc.first_track(), disc.last_track()), (1, 4));
}

#[test]
fn catalogue_data_is_as_documented() {
    let disc = Disc::builtin();

    let isrcs: Vec<_> = disc.tracks.iter().map(|t| t.isrc).collect();

    assert_eq!(disc.mcn, Some(*b"1234567890128"));
    assert_eq!(
        isrcs,
        [
            None,
            Some(*b"XYCDF2500002"),
            Some(*b"XYCDF2500003"),
            Some(*b"XYCDF2500004")
        ]
    );
    assert_eq!(disc.title.as_deref(), Some("cdfilter test disc"));
    assert_eq!(disc.track(3).unwrap().title.as_deref(), Some("E5 660 Hz"));
}

#[test]
fn primary_volume_descriptor_at_lba_16() {
    let disc = Disc::builtin();
    let mut pvd = [0u8; USER_LEN];

    disc.user_data(16, &mut pvd).unwrap();

    assert_eq!(pvd[..7], [1, b'C', b'D', b'0', b'0', b'1', 1]);
    assert_eq!(&pvd[40..48], b"CDFILTER");
    assert_eq!(pvd[80..88], [0x2C, 0x01, 0, 0, 0, 0, 0x01, 0x2C]);
}

#[test]
fn terminator_at_lba_17_and_readme_at_21() {
    let disc = Disc::builtin();
    let mut buf = [0u8; USER_LEN];

    disc.user_data(17, &mut buf).unwrap();
    let term = buf[..7].to_vec();
    disc.user_data(21, &mut buf).unwrap();

    assert_eq!(term, [255, b'C', b'D', b'0', b'0', b'1', 1]);
    assert_eq!(&buf[..builtin::README.len()], builtin::README.as_bytes());
}

#[test]
fn first_samples_of_track_2_are_a_440_hz_sine() {
    let disc = Disc::builtin();

    let s = samples(&main_of(&disc, builtin::TRACK2_START));

    // round(16384 sin(2π·440·n/44100)) and half of it on the right, as
    // Python's math.sin computes them.
    assert_eq!(s[..4], [(0, 0), (1026, 513), (2049, 1024), (3063, 1532)]);
}

#[test]
fn tone_frequencies_by_zero_crossings_over_one_second() {
    let disc = Disc::builtin();
    for (track, hz) in [(2u8, 440usize), (3, 660), (4, 880)] {
        let start = disc.track(track).unwrap().start;
        let left: Vec<i16> = (start..start + 75)
            .flat_map(|lba| samples(&main_of(&disc, lba)))
            .map(|(l, _)| l)
            .collect();

        let rising = left.windows(2).filter(|w| w[0] < 0 && w[1] >= 0).count();

        assert!(
            (hz - 1..=hz).contains(&rising),
            "track {track}: {rising} rising zero crossings"
        );
    }
}

#[test]
fn peaks_are_16384_left_and_8192_right() {
    let disc = Disc::builtin();

    let s: Vec<(i16, i16)> = (450..460)
        .flat_map(|lba| samples(&main_of(&disc, lba)))
        .collect();

    assert_eq!(s.iter().map(|p| p.0).max(), Some(16384));
    assert_eq!(s.iter().map(|p| p.1).max(), Some(8192));
}

#[test]
fn pregaps_are_silent() {
    let disc = Disc::builtin();

    assert_eq!(main_of(&disc, builtin::TRACK2_PREGAP), [0; RAW_LEN]);
    assert_eq!(main_of(&disc, builtin::TRACK4_START - 1), [0; RAW_LEN]);
}

#[test]
fn exported_tone_matches_the_public_sample_function() {
    let disc = Disc::builtin();

    let sector = main_of(&disc, builtin::TRACK4_START + 7);

    assert_eq!(
        sector,
        builtin::tone(
            builtin::TONES[2],
            builtin::TRACK4_START,
            builtin::TRACK4_START + 7
        )
    );
}

#[test]
fn reading_the_lead_out_is_out_of_range() {
    let disc = Disc::builtin();

    let result = disc.read_main(builtin::LEADOUT, &mut [0; RAW_LEN]);

    assert!(matches!(result, Err(DiscError::OutOfRange(1350))));
}

#[test]
fn user_data_of_an_audio_sector_is_an_error() {
    let disc = Disc::builtin();

    assert!(matches!(
        disc.user_data(500, &mut [0; 2352]),
        Err(DiscError::Invalid(_))
    ));
    assert_eq!(disc.sector_kind(500).unwrap(), SectorKind::Audio);
}

#[test]
fn round_trip_through_bin_cue_keeps_tracks_text_and_sectors() {
    let dir = tempfile::tempdir().unwrap();
    let disc = Disc::builtin();
    let cue = dir.path().join("builtin.cue");
    disc.export_bin_cue(&dir.path().join("builtin.bin"), &cue)
        .unwrap();

    let back = Disc::open(&cue).unwrap();

    assert_eq!(back.tracks, disc.tracks);
    assert_eq!(back.sessions, disc.sessions);
    assert_eq!(back.mcn, disc.mcn);
    assert_eq!(back.cdtext_packs(), disc.cdtext_packs());
    for lba in [0, 16, 21, 299, 300, 450, 825, 1349] {
        assert_eq!(main_of(&back, lba), main_of(&disc, lba), "LBA {lba}");
        assert_eq!(
            back.subchannel_pw(lba),
            disc.subchannel_pw(lba),
            "LBA {lba}"
        );
    }
    assert_eq!(back.area(1349), Area::Program { track: 4, index: 1 });
}

#[test]
fn samples_one_second_into_track_4_are_an_880_hz_sine() {
    let disc = Disc::builtin();

    let s = samples(&main_of(&disc, builtin::TRACK4_START + 75));

    // Samples 44110..44113 of the track, from Python's math.sin.
    let left: Vec<i16> = s[10..13].iter().map(|p| p.0).collect();
    assert_eq!(left, [15568, 16084, 16348]);
}
