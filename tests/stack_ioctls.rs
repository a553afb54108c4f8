//! Every row of the IOCTL table through the whole host stack (KMDF model →
//! core → recorder → simulated drive with the built-in disc, or the lower
//! driver model for passed-down codes), with a valid input and a sufficient
//! output buffer.
//!
//! Per row: the exact status, Information, the exact bytes user mode sees
//! where the built-in disc determines them, the exact CDBs that reached the
//! drive, whether the filter passed the request down, and no verifier
//! violation (the handle is closed at the end of each case, so the cleanup
//! rules are checked too). Each case runs on a fresh stack.
//!
//! The expected bytes are literals derived by hand from the built-in disc's
//! documented layout (`crates/host/src/disc/builtin.rs`: tracks at LBA 0,
//! 450, 750, 1050, lead-out 1350, controls 4/2/1/0, MCN, ISRCs, CD-TEXT)
//! and the specs (spec/ioctls.md §2, rawread-exclusive-audio.md §2–4).

mod stack_common;

use std::collections::BTreeSet;
use std::process::Command;

use cdfilter_core::ioctl::{Ioctl, TABLE};
use cdfilter_core::status::NtStatus;
use cdfilter_host::disc::Disc;
use cdfilter_host::model::Granted;
use cdfilter_host::sim::{Profile, SimConfig, SimDrive};
use cdfilter_host::{Handle, Stack};
use serde_json::{json, Value};

use stack_common::{
    builtin, cdromctl, check, exclusive_access, exclusive_lock, hex_compact, ulong, Expect,
    CDB_READ_CAPACITY, CDB_READ_TOC, CDB_TUR, INQUIRY, LOCK_NAME, Q_ISRC_2, Q_MCN, TOC_LBA,
    TOC_MSF,
};

/// One request of the table walk.
struct Case {
    /// The row.
    id: Ioctl,
    /// What this case of the row sends.
    what: &'static str,
    input: Vec<u8>,
    out_len: usize,
    expect: Expect,
}

fn case(id: Ioctl, what: &'static str, input: &[u8], out_len: usize, expect: Expect) -> Case {
    Case {
        id,
        what,
        input: input.to_vec(),
        out_len,
        expect,
    }
}

const INVALID: NtStatus = NtStatus::INVALID_DEVICE_REQUEST;

// ---------------------------------------------------------------------------
// Answers of the built-in disc (by hand from its layout and the specs).

/// READ TOC format 1 (session information), LBA: sessions 1..1, first
/// track of the last session = track 1, data, LBA 0.
const SESSION: [u8; 12] = [
    0x00, 0x0A, 0x01, 0x01, 0x00, 0x14, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
];

/// READ TOC format 0, MSF, from track 3: tracks 3, 4 and the lead-out.
const TOC_MSF_FROM_3: [u8; 28] = [
    0x00, 0x1A, 0x01, 0x04, //
    0x00, 0x11, 0x03, 0x00, 0x00, 0x00, 0x0C, 0x00, //
    0x00, 0x10, 0x04, 0x00, 0x00, 0x00, 0x10, 0x00, //
    0x00, 0x10, 0xAA, 0x00, 0x00, 0x00, 0x14, 0x00,
];

/// READ TOC format 2 (full TOC): session 1; A0 first track 1, disc type
/// 0x00 (CD-DA / CD-ROM); A1 last track 4; A2 lead-out 00:20:00; then the
/// four track points (P-MSF = start + 150 frames). Each block: session,
/// ADR 1 | control, TNO 0, point, ATIME 00:00:00, zero, P-MIN/SEC/FRAME.
const FULL_TOC: [u8; 81] = [
    0x00, 0x4F, 0x01, 0x01, // length 79 = 2 + 7 × 11, sessions 1..1
    0x01, 0x14, 0x00, 0xA0, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, // A0
    0x01, 0x10, 0x00, 0xA1, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, // A1
    0x01, 0x10, 0x00, 0xA2, 0x00, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, // A2
    0x01, 0x14, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, // 1
    0x01, 0x12, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, // 2
    0x01, 0x11, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x00, // 3
    0x01, 0x10, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, // 4
];

/// READ TOC format 5 (CD-TEXT), block 0 of the built-in disc.
///
/// Titles (0x80): "cdfilter test disc", "Data", "A4 440 Hz", "E5 660 Hz",
/// "A5 880 Hz", each NUL-terminated, cut into 12-byte pieces (5 packs);
/// performers (0x81): "cdfilter", "" (track 1 has none), then "cdfilter"
/// for tracks 2–4 (4 packs); three size-information packs (0x8F): ISO
/// 8859-1, tracks 1..4, pack counts 5/4/3, last sequence number 11,
/// language 0x09 (English). Byte 1 is the track of the pack's first
/// character, byte 2 the sequence number, byte 3 the character position
/// of the first character in its string; bytes 16–17 the inverted
/// CRC-16/XMODEM of bytes 0–15, big-endian (computed apart from the code
/// under test).
const CD_TEXT: [u8; 220] = [
    0x00, 0xDA, 0x00, 0x00, // length 218 = 2 + 12 × 18
    0x80, 0x00, 0x00, 0x00, b'c', b'd', b'f', b'i', b'l', b't', b'e', b'r', b' ', b't', b'e', b's',
    0xE9, 0x51, //
    0x80, 0x00, 0x01, 0x0C, b't', b' ', b'd', b'i', b's', b'c', 0x00, b'D', b'a', b't', b'a', 0x00,
    0xE5, 0xE7, //
    0x80, 0x02, 0x02, 0x00, b'A', b'4', b' ', b'4', b'4', b'0', b' ', b'H', b'z', 0x00, b'E', b'5',
    0xE5, 0x20, //
    0x80, 0x03, 0x03, 0x02, b' ', b'6', b'6', b'0', b' ', b'H', b'z', 0x00, b'A', b'5', b' ', b'8',
    0x28, 0x8C, //
    0x80, 0x04, 0x04, 0x04, b'8', b'0', b' ', b'H', b'z', 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x47, 0x70, //
    0x81, 0x00, 0x05, 0x00, b'c', b'd', b'f', b'i', b'l', b't', b'e', b'r', 0x00, 0x00, b'c', b'd',
    0x3C, 0x47, //
    0x81, 0x02, 0x06, 0x02, b'f', b'i', b'l', b't', b'e', b'r', 0x00, b'c', b'd', b'f', b'i', b'l',
    0x54, 0xC3, //
    0x81, 0x03, 0x07, 0x05, b't', b'e', b'r', 0x00, b'c', b'd', b'f', b'i', b'l', b't', b'e', b'r',
    0x8F, 0xE3, //
    0x81, 0x04, 0x08, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x24, 0x29, //
    0x8F, 0x00, 0x09, 0x00, 0x00, 0x01, 0x04, 0x00, 0x05, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xE2, 0x9A, //
    0x8F, 0x01, 0x0A, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x0B, 0x00, 0x00, 0x00,
    0xCD, 0x0C, //
    0x8F, 0x02, 0x0B, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xFC, 0x8C,
];

/// DISK_GEOMETRY of READ CAPACITY {last LBA 1349, 2048}: 1350 blocks /
/// (64 × 32) = 0 cylinders, RemovableMedia (11), 64 tracks per cylinder,
/// 32 sectors per track, 2048 bytes per sector.
const GEOMETRY: [u8; 24] = [
    0, 0, 0, 0, 0, 0, 0, 0, // Cylinders
    0x0B, 0, 0, 0, // MediaType
    0x40, 0, 0, 0, // TracksPerCylinder
    0x20, 0, 0, 0, // SectorsPerTrack
    0x00, 0x08, 0, 0, // BytesPerSector
];

/// 1350 × 2048 = 2 764 800 = 0x2A3000 bytes, as a LARGE_INTEGER.
const DISK_SIZE: [u8; 8] = [0x00, 0x30, 0x2A, 0x00, 0, 0, 0, 0];

/// STORAGE_READ_CAPACITY: Version = Size = 32, BlockLength 2048,
/// NumberOfBlocks 1350 (0x546), DiskLength 0x2A3000.
const STORAGE_READ_CAPACITY: [u8; 32] = [
    0x20, 0, 0, 0, 0x20, 0, 0, 0, // Version, Size
    0x00, 0x08, 0, 0, 0, 0, 0, 0, // BlockLength, padding
    0x46, 0x05, 0, 0, 0, 0, 0, 0, // NumberOfBlocks
    0x00, 0x30, 0x2A, 0x00, 0, 0, 0, 0, // DiskLength
];

/// GET_MEDIA_TYPES of an MMC CD-ROM drive before any READ CAPACITY (the
/// cached geometry has 0 cylinders and 0 bytes per sector, §2.10):
/// DeviceType CD_ROM, two entries; CD_ROM (0x33) read-only and mounted
/// (the TEST UNIT READY passed, the profile is not writable), then
/// RemovableMedia read/write.
const MEDIA_TYPES_EX: [u8; 72] = [
    0x02, 0, 0, 0, 0x02, 0, 0, 0, // DeviceType, MediaInfoCount
    0, 0, 0, 0, 0, 0, 0, 0, // Cylinders
    0x33, 0, 0, 0, 0x40, 0, 0, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, // CD_ROM, 64, 32, 0
    0x01, 0, 0, 0, 0x04, 0, 0, 0x80, // 1 side, READ_ONLY | CURRENTLY_MOUNTED
    0, 0, 0, 0, 0, 0, 0, 0, // Cylinders
    0x0B, 0, 0, 0, 0x40, 0, 0, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, // RemovableMedia, 64, 32, 0
    0x01, 0, 0, 0, 0x08, 0, 0, 0, // 1 side, READ_WRITE
];

/// GET CONFIGURATION header of the loaded CD-ROM drive: data length 84
/// (its ten features are 8 + 12 + 8 + 8 + 12 + 4 + 8 + 4 + 8 + 8 = 80
/// bytes, plus the 4 header bytes after the length), current profile
/// CD-ROM (0x0008).
const CONFIG_HEADER: [u8; 8] = [0, 0, 0, 0x54, 0, 0, 0x00, 0x08];

/// GET CONFIGURATION, RT = ONE, CD Read (0x001E): version 2, current;
/// C2 flags and CD-Text bits set.
const CONFIG_CD_READ: [u8; 16] = [
    0, 0, 0, 0x0C, 0, 0, 0x00, 0x08, //
    0x00, 0x1E, 0x09, 0x04, 0x03, 0x00, 0x00, 0x00,
];

/// GET CONFIGURATION, RT = CURRENT from 0x0100: Power Management,
/// CD External Audio Play (separate volume and mute, 256 levels),
/// Real-Time Streaming (version 3; SCS and RBCB, no stream writing).
const CONFIG_CURRENT_FROM_0100: [u8; 28] = [
    0, 0, 0, 0x18, 0, 0, 0x00, 0x08, //
    0x01, 0x00, 0x03, 0x00, //
    0x01, 0x03, 0x01, 0x04, 0x03, 0x00, 0x01, 0x00, //
    0x01, 0x07, 0x0D, 0x04, 0x18, 0x00, 0x00, 0x00,
];

/// GET PERFORMANCE, nominal read performance from LBA 0: header (data
/// length 20, read, nominal), one descriptor: LBA 0 at 7056 kB/s to the
/// last LBA 1349 at 7056 kB/s (the drive's power-on speed).
const PERFORMANCE: [u8; 24] = [
    0, 0, 0, 0x14, 0x00, 0, 0, 0, //
    0, 0, 0, 0, 0, 0, 0x1B, 0x90, //
    0, 0, 0x05, 0x45, 0, 0, 0x1B, 0x90,
];

/// One sector of a built-in tone: sample `n` of a track (counted from its
/// INDEX 01) is round(peak · sin(2π · hz · n / 44100)) with the peaks 16384
/// on the left and 8192 on the right, 16-bit little-endian, left first.
fn tone_sector(hz: f64, first_sample: u32) -> Vec<u8> {
    let mut v = Vec::with_capacity(2352);
    for i in 0..588 {
        let n = f64::from(first_sample + i);
        let phase = 2.0 * std::f64::consts::PI * hz * n / 44100.0;
        let left = (16384.0 * phase.sin()).round() as i16;
        let right = (8192.0 * phase.sin()).round() as i16;
        v.extend_from_slice(&left.to_le_bytes());
        v.extend_from_slice(&right.to_le_bytes());
    }
    v
}

// ---------------------------------------------------------------------------
// Inputs.

/// `GET_CONFIGURATION_IOCTL_INPUT` (x64, 24 bytes): Feature, RequestType,
/// two NULL reserved pointers.
fn config_input(feature: u32, request_type: u32) -> Vec<u8> {
    let mut v = ulong(feature).to_vec();
    v.extend_from_slice(&ulong(request_type));
    v.extend_from_slice(&[0; 16]);
    v
}

/// `RAW_READ_INFO` {DiskOffset, SectorCount, TrackMode}.
fn raw_read_info(lba: u64, count: u32, mode: u32) -> Vec<u8> {
    let mut v = (lba * 2048).to_le_bytes().to_vec();
    v.extend_from_slice(&ulong(count));
    v.extend_from_slice(&ulong(mode));
    v
}

/// `CDROM_SET_SPEED` {CdromSetSpeed, read, write, CdromDefaultRotation}.
fn set_speed_input(read: u16, write: u16) -> Vec<u8> {
    let mut v = ulong(0).to_vec();
    v.extend_from_slice(&read.to_le_bytes());
    v.extend_from_slice(&write.to_le_bytes());
    v.extend_from_slice(&ulong(0));
    v
}

/// `CDROM_PERFORMANCE_REQUEST` {CdromPerformanceRequest, read, nominal,
/// 10/20 tolerance, StaringLba}.
fn performance_request(lba: u32) -> Vec<u8> {
    [1, 1, 1, 1, lba].iter().flat_map(|v| ulong(*v)).collect()
}

/// `SCSI_PASS_THROUGH` (x64, 56 bytes) for INQUIRY with 36 bytes of data
/// in at offset 88 and 32 bytes of sense at offset 56.
fn pass_through_inquiry() -> Vec<u8> {
    let mut v = vec![0u8; 56];
    v[0] = 56; // Length
    v[6] = 6; // CdbLength
    v[7] = 32; // SenseInfoLength
    v[8] = 1; // DataIn = SCSI_IOCTL_DATA_IN
    v[12] = 36; // DataTransferLength
    v[16] = 10; // TimeOutValue
    v[24] = 88; // DataBufferOffset
    v[32] = 56; // SenseInfoOffset
    v[36..42].copy_from_slice(&[0x12, 0, 0, 0, 36, 0]); // Cdb
    v
}

/// What the pass-through returns: the structure with SenseInfoLength 0
/// (no sense) and DataTransferLength 36, the untouched sense area, then
/// the INQUIRY data. Information = 88 + 36.
fn pass_through_answer() -> Vec<u8> {
    let mut v = pass_through_inquiry();
    v[7] = 0;
    v.extend_from_slice(&[0; 32]);
    v.extend_from_slice(&INQUIRY);
    v
}

// ---------------------------------------------------------------------------
// The cases.

/// Every row, every case.
fn cases() -> Vec<Case> {
    use Ioctl as I;
    let read_toc_ex = |fmt: u8, track: u8| [fmt, track, 0, 0];
    let toc_ex_cdb = |b1: u8, fmt: u8, track: u8| [0x43, b1, fmt, 0, 0, 0, track, 0x04, 0x00, 0];
    let geometry_ex: Vec<u8> = [GEOMETRY.as_slice(), &DISK_SIZE].concat();
    let stop_q = [0x42, 0x02, 0x40, 0x01, 0, 0, 0, 0, 0x10, 0];
    let pause = [0x4B, 0, 0, 0, 0, 0, 0, 0, 0x00, 0];
    let resume = [0x4B, 0, 0, 0, 0, 0, 0, 0, 0x01, 0];
    let prevent = [0x1E, 0, 0, 0, 0x01, 0];
    let eject = [0x1B, 0, 0, 0, 0x02, 0];
    let load = [0x1B, 0, 0, 0, 0x03, 0];
    let check_verify = Expect::ok(&[0, 0, 0, 0], &[&CDB_TUR]);
    let down = || Expect::fail(INVALID, &[]).below();
    vec![
        case(
            I::CdromReadToc,
            "804-byte CDROM_TOC, MSF",
            &[],
            804,
            Expect::ok(&TOC_MSF, &[&CDB_READ_TOC]),
        ),
        case(
            I::CdromSeekAudioMsf,
            "00:08:00 = LBA 450",
            &[0, 8, 0],
            0,
            Expect::ok(&[], &[&[0x2B, 0, 0, 0, 0x01, 0xC2, 0, 0, 0, 0]]),
        ),
        // Nothing plays: the drive reports "no play status" (0x15), so no
        // STOP is sent.
        case(
            I::CdromStopAudio,
            "nothing playing",
            &[],
            0,
            Expect::fail(INVALID, &[&stop_q]),
        ),
        case(
            I::CdromPauseAudio,
            "nothing playing",
            &[],
            0,
            Expect::fail(INVALID, &[&pause]),
        ),
        case(
            I::CdromResumeAudio,
            "nothing paused",
            &[],
            0,
            Expect::fail(INVALID, &[&resume]),
        ),
        case(
            I::CdromGetVolume,
            "page 0x0E at power-on: ports 0/1 at 0xFF",
            &[],
            4,
            Expect::ok(
                &[0xFF, 0xFF, 0x00, 0x00],
                &[&[0x5A, 0x00, 0x0E, 0, 0, 0, 0, 0x00, 0x40, 0]],
            ),
        ),
        case(
            I::CdromPlayAudioMsf,
            "track 2, 00:08:00 to 00:12:00",
            &[0, 8, 0, 0, 12, 0],
            0,
            Expect::ok(&[], &[&[0x47, 0, 0, 0, 8, 0, 0, 12, 0, 0]]),
        ),
        case(
            I::CdromSetVolume,
            "ports 0/1 at 0x80",
            &[0x80, 0x80, 0, 0],
            0,
            Expect::ok(
                &[],
                &[
                    &[0x5A, 0x08, 0x0E, 0, 0, 0, 0, 0x00, 0x40, 0],
                    &[0x5A, 0x08, 0x4E, 0, 0, 0, 0, 0x00, 0x40, 0],
                    &[0x55, 0x10, 0, 0, 0, 0, 0, 0x00, 0x18, 0],
                ],
            ),
        ),
        case(
            I::CdromReadQChannel,
            "media catalogue number",
            &[2, 0],
            24,
            Expect::ok(&Q_MCN, &[&[0x42, 0x00, 0x40, 0x02, 0, 0, 0, 0, 0x18, 0]]),
        ),
        case(
            I::CdromReadQChannel,
            "ISRC of track 2",
            &[3, 2],
            24,
            Expect::ok(&Q_ISRC_2, &[&[0x42, 0x00, 0x40, 0x03, 0, 0, 2, 0, 0x18, 0]]),
        ),
        case(I::CdromGetControl, "obsolete", &[], 8, down()),
        case(
            I::CdromGetLastSession,
            "CDROM_TOC_SESSION_DATA, LBA",
            &[],
            12,
            Expect::ok(&SESSION, &[&[0x43, 0x00, 0x01, 0, 0, 0, 0, 0x00, 0x0C, 0]]),
        ),
        case(
            I::CdromRawRead,
            "CDDA, first sector of track 2 (LBA 450)",
            &raw_read_info(450, 1, 2),
            2352,
            Expect::ok(
                &tone_sector(440.0, 0),
                &[
                    &CDB_READ_CAPACITY,
                    &[0xBE, 0x04, 0, 0, 0x01, 0xC2, 0, 0, 0x01, 0xF0, 0x00, 0],
                ],
            ),
        ),
        case(I::CdromDiskType, "no handler", &[], 4, down()),
        case(
            I::CdromGetDriveGeometry,
            "DISK_GEOMETRY",
            &[],
            24,
            Expect::ok(&GEOMETRY, &[&CDB_READ_CAPACITY]),
        ),
        case(
            I::CdromGetDriveGeometryEx,
            "DISK_GEOMETRY_EX up to Data, 40-byte buffer",
            &[],
            40,
            Expect::ok(&geometry_ex, &[&CDB_READ_CAPACITY]),
        ),
        case(
            I::CdromReadTocEx,
            "format 0, LBA",
            &read_toc_ex(0x00, 0),
            1024,
            Expect::ok(&TOC_LBA, &[&toc_ex_cdb(0x00, 0, 0)]),
        ),
        case(
            I::CdromReadTocEx,
            "format 0, MSF",
            &read_toc_ex(0x80, 0),
            1024,
            Expect::ok(&TOC_MSF, &[&toc_ex_cdb(0x02, 0, 0)]),
        ),
        case(
            I::CdromReadTocEx,
            "format 0, MSF, from track 3",
            &read_toc_ex(0x80, 3),
            1024,
            Expect::ok(&TOC_MSF_FROM_3, &[&toc_ex_cdb(0x02, 0, 3)]),
        ),
        case(
            I::CdromReadTocEx,
            "format 1, session",
            &read_toc_ex(0x01, 0),
            1024,
            Expect::ok(&SESSION, &[&toc_ex_cdb(0x00, 1, 0)]),
        ),
        case(
            I::CdromReadTocEx,
            "format 2, full TOC",
            &read_toc_ex(0x02, 0),
            1024,
            Expect::ok(&FULL_TOC, &[&toc_ex_cdb(0x00, 2, 0)]),
        ),
        case(
            I::CdromReadTocEx,
            "format 3, PMA: a CD-ROM reader has none",
            &read_toc_ex(0x03, 0),
            1024,
            Expect::fail(INVALID, &[&toc_ex_cdb(0x00, 3, 0)]),
        ),
        case(
            I::CdromReadTocEx,
            "format 4, ATIP: a CD-ROM reader has none",
            &read_toc_ex(0x04, 0),
            1024,
            Expect::fail(INVALID, &[&toc_ex_cdb(0x00, 4, 0)]),
        ),
        case(
            I::CdromReadTocEx,
            "format 5, CD-TEXT",
            &read_toc_ex(0x05, 0),
            1024,
            Expect::ok(&CD_TEXT, &[&toc_ex_cdb(0x00, 5, 0)]),
        ),
        case(
            I::CdromGetConfiguration,
            "RT ALL from 0 into the 8-byte header: current profile",
            &config_input(0, 0),
            8,
            Expect::ok(
                &CONFIG_HEADER,
                &[&[0x46, 0x00, 0, 0, 0, 0, 0, 0x00, 0x08, 0]],
            ),
        ),
        case(
            I::CdromGetConfiguration,
            "RT ONE, CD Read",
            &config_input(0x1E, 2),
            64,
            Expect::ok(
                &CONFIG_CD_READ,
                &[&[0x46, 0x02, 0x00, 0x1E, 0, 0, 0, 0x00, 0x40, 0]],
            ),
        ),
        case(
            I::CdromGetConfiguration,
            "RT CURRENT from 0x0100",
            &config_input(0x100, 1),
            64,
            Expect::ok(
                &CONFIG_CURRENT_FROM_0100,
                &[&[0x46, 0x01, 0x01, 0x00, 0, 0, 0, 0x00, 0x40, 0]],
            ),
        ),
        case(
            I::CdromExclusiveAccess,
            "query of an unlocked device",
            &exclusive_access(0, 0),
            65,
            Expect::ok(&[0; 65], &[]),
        ),
        case(
            I::CdromExclusiveAccess,
            "lock",
            &exclusive_lock(0, LOCK_NAME),
            0,
            Expect::ok(&[], &[]),
        ),
        case(
            I::CdromSetSpeed,
            "CdromSetSpeed, fastest read and write",
            &set_speed_input(0xFFFF, 0xFFFF),
            0,
            Expect::ok(
                &[],
                &[&[0xBB, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0]],
            ),
        ),
        case(
            I::CdromGetInquiryData,
            "the cached 36 bytes",
            &[],
            36,
            Expect::ok(&INQUIRY, &[]),
        ),
        case(
            I::CdromEnableStreaming,
            "CdromStreamingEnableForReadOnly",
            &ulong(2),
            0,
            Expect::ok(&[], &[]),
        ),
        case(
            I::CdromSendOpcInformation,
            "SimpleOpcInfo: a CD-ROM reader refuses OPC (5/20/00)",
            &[1, 0, 0, 0, 0, 0, 0, 0],
            0,
            Expect::fail(INVALID, &[&[0x54, 0x01, 0, 0, 0, 0, 0, 0, 0, 0]]),
        ),
        case(
            I::CdromGetPerformance,
            "nominal read performance from LBA 0",
            &performance_request(0),
            24,
            Expect::ok(
                &PERFORMANCE,
                &[&[0xAC, 0x10, 0, 0, 0, 0, 0, 0, 0x00, 0x01, 0x00, 0]],
            ),
        ),
        case(
            I::CdromCheckVerify,
            "media-change count",
            &[],
            4,
            check_verify.clone(),
        ),
        case(
            I::CdromMediaRemoval,
            "prevent",
            &[1],
            0,
            Expect::ok(&[], &[&prevent]),
        ),
        case(
            I::CdromEjectMedia,
            "eject",
            &[],
            0,
            Expect::ok(&[], &[&eject]),
        ),
        case(I::CdromLoadMedia, "load", &[], 0, Expect::ok(&[], &[&load])),
        case(
            I::CdromCloseDoor,
            "close the tray",
            &[],
            0,
            Expect::ok(&[], &[&load]),
        ),
        case(
            I::CdromReserve,
            "RESERVE(6)",
            &[],
            0,
            Expect::ok(&[], &[&[0x16, 0, 0, 0, 0, 0]]),
        ),
        case(
            I::CdromRelease,
            "RELEASE(6)",
            &[],
            0,
            Expect::ok(&[], &[&[0x17, 0, 0, 0, 0, 0]]),
        ),
        case(I::CdromFindNewDevices, "bus rescan", &[], 0, down()),
        case(I::CdromUnloadDriver, "no handler", &[], 0, down()),
        case(
            I::CdromSimbad,
            "same code as PAUSE_AUDIO, nothing playing",
            &[],
            0,
            Expect::fail(INVALID, &[&pause]),
        ),
        case(
            I::StorageCheckVerify,
            "media-change count",
            &[],
            4,
            check_verify.clone(),
        ),
        case(
            I::StorageCheckVerify2,
            "never returns the count",
            &[],
            4,
            Expect::ok(&[], &[&CDB_TUR]),
        ),
        case(
            I::StorageMediaRemoval,
            "prevent",
            &[1],
            0,
            Expect::ok(&[], &[&prevent]),
        ),
        case(
            I::StorageEjectMedia,
            "eject",
            &[],
            0,
            Expect::ok(&[], &[&eject]),
        ),
        case(
            I::StorageLoadMedia,
            "load",
            &[],
            0,
            Expect::ok(&[], &[&load]),
        ),
        case(
            I::StorageLoadMedia2,
            "load",
            &[],
            0,
            Expect::ok(&[], &[&load]),
        ),
        case(
            I::StorageReserve,
            "RESERVE(6)",
            &[],
            0,
            Expect::ok(&[], &[&[0x16, 0, 0, 0, 0, 0]]),
        ),
        case(
            I::StorageRelease,
            "RELEASE(6)",
            &[],
            0,
            Expect::ok(&[], &[&[0x17, 0, 0, 0, 0, 0]]),
        ),
        case(I::StorageFindNewDevices, "bus rescan", &[], 0, down()),
        case(
            I::StorageEjectionControl,
            "secure prevent",
            &[1],
            0,
            Expect::ok(&[], &[&prevent]),
        ),
        case(
            I::StorageMcnControl,
            "disable",
            &[1],
            0,
            Expect::ok(&[], &[]),
        ),
        case(I::StorageGetMediaTypes, "no handler", &[], 64, down()),
        case(
            I::StorageGetMediaTypesEx,
            "MMC drive: two entries",
            &[],
            72,
            Expect::ok(&MEDIA_TYPES_EX, &[&CDB_TUR]),
        ),
        case(
            I::StorageGetHotplugInfo,
            "removable media, not hot-pluggable",
            &[],
            8,
            Expect::ok(&[8, 0, 0, 0, 1, 0, 0, 0], &[]).below(),
        ),
        case(
            I::StorageSetHotplugInfo,
            "unknown below",
            &[0; 8],
            0,
            down(),
        ),
        case(
            I::StoragePersistentReserveIn,
            "unknown below",
            &[0; 8],
            64,
            down(),
        ),
        case(
            I::StoragePersistentReserveOut,
            "unknown below",
            &[0; 8],
            0,
            down(),
        ),
        case(
            I::StorageGetDeviceNumber,
            "\\Device\\CdRom0, not partitionable",
            &[],
            12,
            Expect::ok(&[2, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF], &[]).below(),
        ),
        case(
            I::StorageReadCapacity,
            "STORAGE_READ_CAPACITY",
            &[],
            32,
            Expect::ok(&STORAGE_READ_CAPACITY, &[&CDB_READ_CAPACITY]),
        ),
        case(
            I::StorageQueryProperty,
            "device descriptor: unknown below",
            &[0; 12],
            64,
            down(),
        ),
        case(I::StorageSetReadAhead, "unknown below", &[0; 16], 0, down()),
        case(
            I::StorageCheckPriorityHintSupport,
            "refused",
            &[],
            8,
            Expect::fail(NtStatus::NOT_SUPPORTED, &[]),
        ),
        case(
            I::StorageEventNotification,
            "unknown below",
            &[0; 16],
            0,
            down(),
        ),
        case(
            I::DiskGetDriveGeometry,
            "DISK_GEOMETRY",
            &[],
            24,
            Expect::ok(&GEOMETRY, &[&CDB_READ_CAPACITY]),
        ),
        case(
            I::DiskGetDriveGeometryEx,
            "DISK_GEOMETRY_EX up to Data",
            &[],
            32,
            Expect::ok(&geometry_ex, &[&CDB_READ_CAPACITY]),
        ),
        case(
            I::DiskGetLengthInfo,
            "GET_LENGTH_INFORMATION",
            &[],
            8,
            Expect::ok(&DISK_SIZE, &[&CDB_READ_CAPACITY]),
        ),
        case(I::DiskGetPartitionInfo, "unknown below", &[], 32, down()),
        case(I::DiskGetPartitionInfoEx, "unknown below", &[], 144, down()),
        case(I::DiskGetDriveLayout, "unknown below", &[], 64, down()),
        case(I::DiskGetDriveLayoutEx, "unknown below", &[], 256, down()),
        case(I::DiskVerify, "unknown below", &[0; 16], 0, down()),
        case(I::DiskIsWritable, "unknown below", &[], 0, down()),
        case(
            I::DiskCheckVerify,
            "media-change count",
            &[],
            4,
            check_verify,
        ),
        case(I::DiskUpdateDriveSize, "unknown below", &[], 24, down()),
        case(I::DiskGetMediaTypes, "no handler", &[], 64, down()),
        case(
            I::ScsiPassThrough,
            "INQUIRY through the port",
            &pass_through_inquiry(),
            124,
            Expect::ok(&pass_through_answer(), &[&[0x12, 0, 0, 0, 36, 0]]).below(),
        ),
        case(
            I::ScsiPassThroughDirect,
            "unknown below",
            &[0; 56],
            56,
            down(),
        ),
        case(I::ScsiPassThroughEx, "unknown below", &[0; 64], 64, down()),
        case(
            I::ScsiPassThroughDirectEx,
            "unknown below",
            &[0; 64],
            64,
            down(),
        ),
        case(
            I::ScsiGetAddress,
            "port 0, path 0, target 0, LUN 0",
            &[],
            8,
            Expect::ok(&[8, 0, 0, 0, 0, 0, 0, 0], &[]).below(),
        ),
        case(I::ScsiGetInquiryData, "unknown below", &[], 64, down()),
        case(I::ScsiGetCapabilities, "unknown below", &[], 64, down()),
        case(I::MountdevQueryUniqueId, "unknown below", &[], 64, down()),
        case(I::MountdevQueryDeviceName, "unknown below", &[], 64, down()),
        case(
            I::MountdevQuerySuggestedLinkName,
            "unknown below",
            &[],
            64,
            down(),
        ),
    ]
}

/// Runs one case on a fresh stack and closes the handle; `Err` describes
/// every difference, verifier violations included.
fn run(case: &Case) -> Result<(), String> {
    let (stack, handle) = builtin();
    let result = stack.ioctl(handle, case.id.code(), &case.input, case.out_len);
    stack.close_handle(handle);
    let mut problems = Vec::new();
    if let Err(d) = check(&result, &case.expect) {
        problems.push(d);
    }
    let v = stack.violations();
    if !v.is_empty() {
        problems.push(format!("verifier: {v:?}"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n  "))
    }
}

#[test]
fn every_row_is_covered() {
    let covered: BTreeSet<&str> = cases()
        .iter()
        .filter_map(|c| c.id.def().map(|d| d.name))
        .collect();

    let missing: Vec<&str> = TABLE
        .iter()
        .map(|d| d.name)
        .filter(|n| !covered.contains(n))
        .collect();

    assert!(missing.is_empty(), "rows without a case: {missing:?}");
}

#[test]
fn every_row_answers_as_the_built_in_disc_dictates() {
    let cases = cases();

    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            run(c).err().map(|d| {
                format!(
                    "{} ({}):\n  {d}",
                    c.id.def().map_or("?", |d| d.name),
                    c.what
                )
            })
        })
        .collect();

    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Runs one case through `cdromctl --json ioctl` (a fresh stack per
/// process, the handle closed before it exits); `Err` describes every
/// difference from the expectation.
fn run_tool(case: &Case) -> Result<(), String> {
    let name = case.id.def().map_or("?", |d| d.name);
    let mut cmd = Command::new(cdromctl());
    cmd.args(["--json", "ioctl", name, "--out-len"])
        .arg(case.out_len.to_string());
    if !case.input.is_empty() {
        cmd.arg("--in").arg(hex_compact(&case.input));
    }
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run cdromctl: {e}"))?;
    let e = &case.expect;
    // Exit code 1 when the driver completed the request with a failure.
    let exit = i32::from(!e.status.is_success());
    let reply: Value = serde_json::from_slice(&out.stdout).map_err(|err| {
        format!(
            "no JSON ({err}); exit {:?}; stderr {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    let cdbs: Vec<String> = e.cdbs.iter().map(|c| hex_compact(c)).collect();
    let expected = json!({
        "code": case.id.code(),
        "status": e.status.name().unwrap_or_default(),
        "ntstatus": e.status.0,
        "information": e.information,
        "out": hex_compact(&e.data),
        "cdbs": cdbs,
    });
    let mut diffs = Vec::new();
    if out.status.code() != Some(exit) {
        diffs.push(format!(
            "exit {:?} (expected {exit}); stderr {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    for (key, value) in expected.as_object().into_iter().flatten() {
        if reply.get(key) != Some(value) {
            diffs.push(format!("{key}: {:?} (expected {value})", reply.get(key)));
        }
    }
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(diffs.join("\n  "))
    }
}

#[test]
fn every_row_answers_the_same_through_cdromctl_ioctl() {
    let cases = cases();

    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            run_tool(c).err().map(|d| {
                format!(
                    "{} ({}):\n  {d}",
                    c.id.def().map_or("?", |d| d.name),
                    c.what
                )
            })
        })
        .collect();

    assert!(
        failures.is_empty(),
        "{} of {} cases differ through the tool:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------
// Rows whose full effect needs more than one request, or another drive.

/// A read/write handle on `s`.
fn open(s: &Stack<SimDrive>) -> Handle {
    s.open(Granted::READ_WRITE)
}

#[test]
fn read_toc_of_a_closed_tray_without_a_disc_is_no_media() {
    let s = Stack::new(SimDrive::new(SimConfig::default(), None));
    let h = open(&s);

    let r = s.ioctl(h, Ioctl::CdromReadToc.code(), &[], 804);

    stack_common::assert_io(
        &r,
        &Expect::fail(NtStatus::NO_MEDIA_IN_DEVICE, &[&CDB_READ_TOC]),
    );
    assert_eq!(s.violations(), []);
}

#[test]
fn set_streaming_hands_the_drive_the_callers_descriptor() {
    let (s, h) = builtin();
    // CDROM_SET_STREAMING: CdromSetStreaming, ReadSize 1764 kB per
    // ReadTime 1000 ms (10x), no write, LBA 0..1349, default rotation,
    // persistent.
    let mut input: Vec<u8> = [1, 1764, 1000, 0, 0, 0, 1349, 0]
        .iter()
        .flat_map(|v: &u32| ulong(*v))
        .collect();
    input.extend_from_slice(&[0, 0, 0, 1]);

    let r = s.ioctl(h, Ioctl::CdromSetSpeed.code(), &input, 0);

    stack_common::assert_io(
        &r,
        &Expect::ok(&[], &[&[0xB6, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x1C, 0]]),
    );
    // PERFORMANCE_DESCRIPTOR: no flags, StartLba 0, EndLba 1349, ReadSize
    // 1764, ReadTime 1000, WriteSize 0, WriteTime 0, all big-endian.
    let descriptor = s.with_port(|d| d.streaming_descriptor());
    assert_eq!(
        descriptor,
        Some([
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x05, 0x45, 0, 0, 0x06, 0xE4, 0, 0, 0x03, 0xE8, 0, 0, 0,
            0, 0, 0, 0, 0,
        ])
    );
    assert_eq!(s.with_port(|d| d.read_speed()), 1764);
    assert_eq!(s.violations(), []);
}

#[test]
fn send_opc_information_on_a_cd_r_writer_succeeds() {
    let config = SimConfig {
        profile: Profile::CdR,
        ..SimConfig::default()
    };
    let s = Stack::new(SimDrive::new(config, Some(Disc::builtin())));
    let h = open(&s);

    let r = s.ioctl(
        h,
        Ioctl::CdromSendOpcInformation.code(),
        &[1, 0, 0, 0, 1, 0, 0, 0],
        0,
    );

    // Exclude0 → CDB byte 2 bit 0.
    stack_common::assert_io(
        &r,
        &Expect::ok(&[], &[&[0x54, 0x01, 0x01, 0, 0, 0, 0, 0, 0, 0]]),
    );
    assert_eq!(s.violations(), []);
}

#[test]
fn check_verify_counts_the_media_change_of_an_eject_and_load() {
    let (s, h) = builtin();
    let eject = s.ioctl(h, Ioctl::StorageEjectMedia.code(), &[], 0);
    let load = s.ioctl(h, Ioctl::StorageLoadMedia.code(), &[], 0);

    let r = s.ioctl(h, Ioctl::StorageCheckVerify.code(), &[], 4);

    assert_eq!(
        (eject.status, load.status),
        (NtStatus::SUCCESS, NtStatus::SUCCESS)
    );
    // The drive spins up: two TEST UNIT READYs answered BECOMING READY
    // (2/04/01, retried), then UNIT ATTENTION MEDIUM CHANGED (6/28/00:
    // count 1, retried: no volume is mounted), then ready.
    stack_common::assert_io(
        &r,
        &Expect::ok(&ulong(1), &[&CDB_TUR, &CDB_TUR, &CDB_TUR, &CDB_TUR]),
    );
    assert_eq!(s.violations(), []);
}

#[test]
fn media_types_ex_after_a_read_capacity_carries_the_geometry() {
    let (s, h) = builtin();
    let _ = s.ioctl(h, Ioctl::DiskGetLengthInfo.code(), &[], 8);

    let r = s.ioctl(h, Ioctl::StorageGetMediaTypesEx.code(), &[], 72);

    let mut expected = MEDIA_TYPES_EX;
    // BytesPerSector of both entries: 2048 (cylinders stay 0: 1350 / 2048).
    expected[28..32].copy_from_slice(&[0x00, 0x08, 0, 0]);
    expected[60..64].copy_from_slice(&[0x00, 0x08, 0, 0]);
    stack_common::assert_io(&r, &Expect::ok(&expected, &[&CDB_TUR]));
    assert_eq!(s.violations(), []);
}
