//! The whole stack over disc images written by the test: an ISO (one Mode 1
//! track) and a hand-written BIN/CUE (a MODE1/2048 data track and an audio
//! track with a stored pregap, in two files). Where the answer comes from
//! the image — TOC layout, capacity, sector bytes — the expected values are
//! derived from what the test wrote.

mod stack_common;

use std::path::Path;

use cdfilter_core::ioctl::Ioctl;
use cdfilter_core::status::NtStatus;
use cdfilter_host::disc::Disc;
use cdfilter_host::model::Granted;
use cdfilter_host::sim::{SimConfig, SimDrive};
use cdfilter_host::{Handle, Stack};

use stack_common::{assert_io, ulong, Expect, CDB_READ_CAPACITY, CDB_READ_TOC};

/// A stack over the image at `path` and one read/write handle.
fn stack_over(path: &Path) -> (Stack<SimDrive>, Handle) {
    let disc = Disc::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let s = Stack::new(SimDrive::new(SimConfig::default(), Some(disc)));
    let h = s.open(Granted::READ_WRITE);
    (s, h)
}

/// The 2048 user bytes the test writes into data sector `lba`: the LBA in
/// the first four bytes (little-endian), then `lba + i` for byte `i`.
fn data_sector(lba: u32) -> Vec<u8> {
    let mut v: Vec<u8> = (0..2048u32).map(|i| (lba + i) as u8).collect();
    v[..4].copy_from_slice(&lba.to_le_bytes());
    v
}

/// The 2352 bytes the test writes into audio sector `n` of its file: a
/// ramp that differs per sector.
fn audio_sector(n: u32) -> Vec<u8> {
    (0..2352u32).map(|i| (i * 7 + n * 13) as u8).collect()
}

/// `RAW_READ_INFO` {DiskOffset, SectorCount, TrackMode}.
fn raw_read_info(lba: u64, count: u32, mode: u32) -> Vec<u8> {
    let mut v = (lba * 2048).to_le_bytes().to_vec();
    v.extend_from_slice(&ulong(count));
    v.extend_from_slice(&ulong(mode));
    v
}

/// READ CD, 12 bytes: expected sector type (byte 1 bits 4..2), LBA,
/// count, byte 9 selection, no sub-channel.
fn read_cd(sector_type: u8, lba: u32, count: u8, select: u8) -> [u8; 12] {
    let l = lba.to_be_bytes();
    [
        0xBE,
        sector_type << 2,
        l[0],
        l[1],
        l[2],
        l[3],
        0,
        0,
        count,
        select,
        0,
        0,
    ]
}

/// The EDC of a Mode 1 sector (ECMA-130 §14.3): CRC-32 over bytes 0..2064
/// with the polynomial x³² + x³¹ + x¹⁶ + x¹⁵ + x⁴ + x³ + x + 1, processed
/// least significant bit first, initial value 0, stored little-endian.
fn edc(bytes: &[u8]) -> [u8; 4] {
    let mut crc = 0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xD801_8001
            } else {
                crc >> 1
            };
        }
    }
    crc.to_le_bytes()
}

// ---------------------------------------------------------------------------
// ISO: 200 sectors, one Mode 1 track, lead-out at LBA 200.

const ISO_SECTORS: u32 = 200;

fn iso() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("disc.iso");
    let bytes: Vec<u8> = (0..ISO_SECTORS).flat_map(data_sector).collect();
    std::fs::write(&path, bytes).expect("write iso");
    (dir, path)
}

#[test]
fn iso_toc_is_one_data_track() {
    let (_dir, path) = iso();
    let (s, h) = stack_over(&path);

    let r = s.ioctl(h, Ioctl::CdromReadToc.code(), &[], 804);

    // Track 1 at 00:02:00; lead-out at LBA 200 = 350 frames = 00:04:50
    // (0x32), with the data track's control.
    assert_io(
        &r,
        &Expect::ok(
            &[
                0x00, 0x12, 0x01, 0x01, //
                0x00, 0x14, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, //
                0x00, 0x14, 0xAA, 0x00, 0x00, 0x00, 0x04, 0x32,
            ],
            &[&CDB_READ_TOC],
        ),
    );
    assert_eq!(s.violations(), []);
}

#[test]
fn iso_capacity_is_its_size() {
    let (_dir, path) = iso();
    let (s, h) = stack_over(&path);

    let r = s.ioctl(h, Ioctl::StorageReadCapacity.code(), &[], 32);

    // 200 blocks of 2048 = 409600 = 0x64000 bytes.
    assert_io(
        &r,
        &Expect::ok(
            &[
                0x20, 0, 0, 0, 0x20, 0, 0, 0, //
                0x00, 0x08, 0, 0, 0, 0, 0, 0, //
                0xC8, 0, 0, 0, 0, 0, 0, 0, //
                0x00, 0x40, 0x06, 0, 0, 0, 0, 0,
            ],
            &[&CDB_READ_CAPACITY],
        ),
    );
    assert_eq!(s.violations(), []);
}

#[test]
fn iso_read_returns_the_files_sectors() {
    let (_dir, path) = iso();
    let (s, h) = stack_over(&path);

    let r = s.read(h, 10 * 2048, 2 * 2048);

    assert_eq!(
        (r.status, r.information, r.passed_down),
        (NtStatus::SUCCESS, 4096, true)
    );
    assert_eq!(r.data(), [data_sector(10), data_sector(11)].concat());
    assert_eq!(
        r.commands.iter().map(|c| c.cdb.clone()).collect::<Vec<_>>(),
        [vec![0x28, 0, 0, 0, 0, 10, 0, 0, 2, 0]]
    );
    assert_eq!(s.violations(), []);
}

#[test]
fn iso_raw_read_with_c2_is_the_whole_mode1_sector() {
    let (_dir, path) = iso();
    let (s, h) = stack_over(&path);

    let r = s.ioctl(
        h,
        Ioctl::CdromRawRead.code(),
        &raw_read_info(10, 1, 4),
        2648,
    );

    assert_eq!((r.status, r.information), (NtStatus::SUCCESS, 2648));
    let sector = r.data();
    // Sync, header (BCD 00:02:10 = LBA 10 + 150, mode 1), the user data,
    // the EDC over bytes 0..2064, 8 zero bytes, then ECC (not checked).
    assert_eq!(
        sector[..16],
        [
            0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x02,
            0x10, 0x01
        ]
    );
    assert_eq!(sector[16..2064], data_sector(10)[..]);
    assert_eq!(sector[2064..2068], edc(&sector[..2064]));
    assert_eq!(sector[2068..2076], [0; 8]);
    // No C2 errors: 294 zero pointer bytes, block error byte 0, pad.
    assert_eq!(sector[2352..], [0; 296]);
    // Any sector type; sync, all headers, user data, EDC/ECC, C2 and
    // block error byte (0xFC).
    assert_eq!(
        r.commands.iter().map(|c| c.cdb.clone()).collect::<Vec<_>>(),
        [CDB_READ_CAPACITY.to_vec(), read_cd(0, 10, 1, 0xFC).to_vec()]
    );
    assert_eq!(s.violations(), []);
}

#[test]
fn iso_raw_read_as_audio_is_refused_by_the_drive() {
    let (_dir, path) = iso();
    let (s, h) = stack_over(&path);

    let r = s.ioctl(
        h,
        Ioctl::CdromRawRead.code(),
        &raw_read_info(10, 1, 2),
        2352,
    );

    // The drive answers ILLEGAL MODE FOR THIS TRACK (5/64/00).
    assert_io(
        &r,
        &Expect::fail(
            NtStatus::INVALID_DEVICE_REQUEST,
            &[&CDB_READ_CAPACITY, &read_cd(1, 10, 1, 0xF0)],
        ),
    );
    assert_eq!(s.violations(), []);
}

// ---------------------------------------------------------------------------
// BIN/CUE: data.bin holds 300 cooked sectors (track 1, LBA 0..300);
// audio.bin holds 450 audio sectors: track 2's pregap (INDEX 00 at LBA 300)
// and, from its 150th sector, track 2 itself (INDEX 01 at LBA 450); the
// lead-out is at LBA 750.

const CUE: &str = "CATALOG 0000000000017\n\
TITLE \"Image\"\n\
FILE \"data.bin\" BINARY\n\
  TRACK 01 MODE1/2048\n\
    INDEX 01 00:00:00\n\
FILE \"audio.bin\" BINARY\n\
  TRACK 02 AUDIO\n\
    FLAGS DCP\n\
    ISRC ZZCDF2600001\n\
    INDEX 00 00:00:00\n\
    INDEX 01 00:02:00\n";

fn bin_cue() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let data: Vec<u8> = (0..300).flat_map(data_sector).collect();
    let audio: Vec<u8> = (0..450).flat_map(audio_sector).collect();
    std::fs::write(dir.path().join("data.bin"), data).expect("write data.bin");
    std::fs::write(dir.path().join("audio.bin"), audio).expect("write audio.bin");
    let cue = dir.path().join("disc.cue");
    std::fs::write(&cue, CUE).expect("write cue");
    (dir, cue)
}

#[test]
fn bin_cue_toc_follows_the_cue_sheet() {
    let (_dir, cue) = bin_cue();
    let (s, h) = stack_over(&cue);

    let r = s.ioctl(h, Ioctl::CdromReadToc.code(), &[], 804);

    // Track 1 data at 00:02:00, track 2 DCP audio at LBA 450 = 00:08:00,
    // lead-out at LBA 750 = 900 frames = 00:12:00 with track 2's control.
    assert_io(
        &r,
        &Expect::ok(
            &[
                0x00, 0x1A, 0x01, 0x02, //
                0x00, 0x14, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, //
                0x00, 0x12, 0x02, 0x00, 0x00, 0x00, 0x08, 0x00, //
                0x00, 0x12, 0xAA, 0x00, 0x00, 0x00, 0x0C, 0x00,
            ],
            &[&CDB_READ_TOC],
        ),
    );
    assert_eq!(s.violations(), []);
}

#[test]
fn bin_cue_full_toc_has_the_session_points() {
    let (_dir, cue) = bin_cue();
    let (s, h) = stack_over(&cue);

    let r = s.ioctl(h, Ioctl::CdromReadTocEx.code(), &[0x02, 0, 0, 0], 256);

    assert_io(
        &r,
        &Expect::ok(
            &[
                0x00, 0x39, 0x01, 0x01, // 2 + 5 × 11
                0x01, 0x14, 0x00, 0xA0, 0, 0, 0, 0, 0x01, 0x00, 0x00, // first track 1, CD-ROM
                0x01, 0x12, 0x00, 0xA1, 0, 0, 0, 0, 0x02, 0x00, 0x00, // last track 2
                0x01, 0x12, 0x00, 0xA2, 0, 0, 0, 0, 0x00, 0x0C, 0x00, // lead-out 00:12:00
                0x01, 0x14, 0x00, 0x01, 0, 0, 0, 0, 0x00, 0x02, 0x00, //
                0x01, 0x12, 0x00, 0x02, 0, 0, 0, 0, 0x00, 0x08, 0x00,
            ],
            &[&[0x43, 0x00, 0x02, 0, 0, 0, 0, 0x01, 0x00, 0]],
        ),
    );
    assert_eq!(s.violations(), []);
}

#[test]
fn bin_cue_length_counts_both_files() {
    let (_dir, cue) = bin_cue();
    let (s, h) = stack_over(&cue);

    let r = s.ioctl(h, Ioctl::DiskGetLengthInfo.code(), &[], 8);

    // 750 × 2048 = 1 536 000 = 0x177000.
    assert_io(
        &r,
        &Expect::ok(&[0x00, 0x70, 0x17, 0, 0, 0, 0, 0], &[&CDB_READ_CAPACITY]),
    );
    assert_eq!(s.violations(), []);
}

#[test]
fn bin_cue_raw_read_returns_the_audio_files_bytes() {
    let (_dir, cue) = bin_cue();
    let (s, h) = stack_over(&cue);

    // The last pregap sector (LBA 449) and the first of track 2 (LBA 450):
    // sectors 149 and 150 of audio.bin.
    let r = s.ioctl(
        h,
        Ioctl::CdromRawRead.code(),
        &raw_read_info(449, 2, 2),
        2 * 2352,
    );

    assert_io(
        &r,
        &Expect::ok(
            &[audio_sector(149), audio_sector(150)].concat(),
            &[&CDB_READ_CAPACITY, &read_cd(1, 449, 2, 0xF0)],
        ),
    );
    assert_eq!(s.violations(), []);
}

#[test]
fn bin_cue_read_of_the_data_track_returns_data_bin() {
    let (_dir, cue) = bin_cue();
    let (s, h) = stack_over(&cue);

    let r = s.read(h, 299 * 2048, 2048);

    assert_eq!(
        (r.status, r.information, r.passed_down),
        (NtStatus::SUCCESS, 2048, true)
    );
    assert_eq!(r.data(), data_sector(299));
    assert_eq!(s.violations(), []);
}

#[test]
fn bin_cue_read_of_the_audio_track_is_refused() {
    let (_dir, cue) = bin_cue();
    let (s, h) = stack_over(&cue);

    let r = s.read(h, 450 * 2048, 2048);

    // READ(10) of an audio sector: ILLEGAL MODE FOR THIS TRACK (5/64/00).
    assert_eq!(
        (r.status, r.information, r.passed_down),
        (NtStatus::INVALID_DEVICE_REQUEST, 0, true)
    );
    assert_eq!(s.violations(), []);
}

#[test]
fn bin_cue_q_channel_carries_the_catalog_and_isrc() {
    let (_dir, cue) = bin_cue();
    let (s, h) = stack_over(&cue);

    let mcn = s.ioctl(h, Ioctl::CdromReadQChannel.code(), &[2, 0], 24);
    let isrc = s.ioctl(h, Ioctl::CdromReadQChannel.code(), &[3, 2], 24);

    // CATALOG 0000000000017: no play status (0x15), format 2, MCVal.
    let mut catalog = vec![0x00, 0x15, 0x00, 0x14, 0x02, 0, 0, 0, 0x80];
    catalog.extend_from_slice(b"0000000000017");
    catalog.extend_from_slice(&[0, 0]);
    assert_io(
        &mcn,
        &Expect::ok(&catalog, &[&[0x42, 0x00, 0x40, 0x02, 0, 0, 0, 0, 0x18, 0]]),
    );
    // Track 2's ISRC ZZCDF2600001, ADR 3 | FLAGS DCP (0x2), TCVal.
    let mut code = vec![0x00, 0x15, 0x00, 0x14, 0x03, 0x32, 0x02, 0x00, 0x80];
    code.extend_from_slice(b"ZZCDF2600001");
    code.extend_from_slice(&[0, 0, 0]);
    assert_io(
        &isrc,
        &Expect::ok(&code, &[&[0x42, 0x00, 0x40, 0x03, 0, 0, 2, 0, 0x18, 0]]),
    );
    assert_eq!(s.violations(), []);
}
