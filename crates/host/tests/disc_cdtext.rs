//! CD-TEXT packs of the built-in disc and of cue sheets, from literal
//! bytes; every pack's CRC is re-checked with a bitwise CRC from the
//! definition (x^16 + x^12 + x^5 + 1 over bytes 0..16, inverted).

use cdfilter_host::disc::Disc;

fn crc_ok(pack: &[u8; 18]) -> bool {
    let mut crc: u16 = 0;
    for &b in &pack[..16] {
        for i in (0..8).rev() {
            let top = (crc >> 15) as u8 ^ (b >> i & 1);
            crc <<= 1;
            if top == 1 {
                crc ^= 0x1021;
            }
        }
    }
    (!crc).to_be_bytes() == pack[16..]
}

const BUILTIN_PACKS: [[u8; 18]; 12] = [
    [
        0x80, 0x00, 0x00, 0x00, b'c', b'd', b'f', b'i', b'l', b't', b'e', b'r', b' ', b't', b'e',
        b's', 0xE9, 0x51,
    ],
    [
        0x80, 0x00, 0x01, 0x0C, b't', b' ', b'd', b'i', b's', b'c', 0, b'D', b'a', b't', b'a', 0,
        0xE5, 0xE7,
    ],
    [
        0x80, 0x02, 0x02, 0x00, b'A', b'4', b' ', b'4', b'4', b'0', b' ', b'H', b'z', 0, b'E',
        b'5', 0xE5, 0x20,
    ],
    [
        0x80, 0x03, 0x03, 0x02, b' ', b'6', b'6', b'0', b' ', b'H', b'z', 0, b'A', b'5', b' ',
        b'8', 0x28, 0x8C,
    ],
    [
        0x80, 0x04, 0x04, 0x04, b'8', b'0', b' ', b'H', b'z', 0, 0, 0, 0, 0, 0, 0, 0x47, 0x70,
    ],
    [
        0x81, 0x00, 0x05, 0x00, b'c', b'd', b'f', b'i', b'l', b't', b'e', b'r', 0, 0, b'c', b'd',
        0x3C, 0x47,
    ],
    [
        0x81, 0x02, 0x06, 0x02, b'f', b'i', b'l', b't', b'e', b'r', 0, b'c', b'd', b'f', b'i',
        b'l', 0x54, 0xC3,
    ],
    [
        0x81, 0x03, 0x07, 0x05, b't', b'e', b'r', 0, b'c', b'd', b'f', b'i', b'l', b't', b'e',
        b'r', 0x8F, 0xE3,
    ],
    [
        0x81, 0x04, 0x08, 0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x24, 0x29,
    ],
    // Size information: ISO 8859-1, tracks 1..4, 5 title packs, 4
    // performer packs, 3 size packs, last sequence 11, language 0x09.
    [
        0x8F, 0x00, 0x09, 0x00, 0x00, 0x01, 0x04, 0x00, 0x05, 0x04, 0, 0, 0, 0, 0, 0, 0xE2, 0x9A,
    ],
    [
        0x8F, 0x01, 0x0A, 0x00, 0, 0, 0, 0, 0, 0, 0, 0x03, 0x0B, 0, 0, 0, 0xCD, 0x0C,
    ],
    [
        0x8F, 0x02, 0x0B, 0x00, 0, 0, 0, 0, 0x09, 0, 0, 0, 0, 0, 0, 0, 0xFC, 0x8C,
    ],
];

#[test]
fn builtin_disc_packs_byte_for_byte() {
    let packs = Disc::builtin().cdtext_packs();

    assert_eq!(packs, BUILTIN_PACKS);
}

#[test]
fn builtin_disc_pack_crcs_match_the_definition() {
    assert!(BUILTIN_PACKS.iter().all(crc_ok));
}

#[test]
fn crc_check_can_fail() {
    let mut pack = BUILTIN_PACKS[0];

    pack[5] ^= 1;

    assert!(!crc_ok(&pack));
}

#[test]
fn iso_image_has_no_cdtext() {
    let disc = Disc::from_iso_bytes(vec![0; 2048 * 20]).unwrap();

    assert!(disc.cdtext_packs().is_empty());
}

#[test]
fn latin1_text_and_a_single_title_from_a_cue_sheet() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.bin"), vec![0u8; 2352 * 10]).unwrap();
    let cue = "TITLE \"Café\"\nFILE \"a.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n";

    let packs = Disc::from_cue_str(cue, &dir.path().join("x.cue"))
        .unwrap()
        .cdtext_packs();

    assert_eq!(packs.len(), 4);
    assert_eq!(
        packs[0][..16],
        [0x80, 0x00, 0x00, 0x00, b'C', b'a', b'f', 0xE9, 0, 0, 0, 0, 0, 0, 0, 0]
    );
    assert_eq!(
        packs[1][..8],
        [0x8F, 0x00, 0x01, 0x00, 0x00, 0x01, 0x01, 0x00]
    );
    assert!(packs.iter().all(crc_ok));
}

#[test]
fn long_text_is_cut_to_256_packs_with_consistent_sizes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.bin"), vec![0u8; 2352 * 99]).unwrap();
    let long = "x".repeat(40);
    let cue: String = std::iter::once("FILE a.bin BINARY\n".to_string())
        .chain((1..=99u32).map(|n| {
            let (sec, frame) = ((n - 1) / 75, (n - 1) % 75);
            format!("TRACK {n:02} AUDIO\nTITLE \"{long}\"\nPERFORMER \"{long}\"\nINDEX 01 00:{sec:02}:{frame:02}\n")
        }))
        .collect();

    let packs = Disc::from_cue_str(&cue, &dir.path().join("x.cue"))
        .unwrap()
        .cdtext_packs();

    assert_eq!(packs.len(), 256);
    assert_eq!(packs[255][2], 255);
    let size_info: Vec<u8> = packs[253..]
        .iter()
        .flat_map(|p| p[4..16].to_vec())
        .collect();
    assert_eq!(size_info[4..6], [253, 0]);
    assert_eq!(size_info[20], 255);
    assert!(packs.iter().all(crc_ok));
}
