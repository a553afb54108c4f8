//! Shared pieces of the reliability and fault tests: a deterministic drive
//! that answers every command the driver translates, a valid request for
//! every IOCTL the driver owns, and a snapshot of the state a failed
//! request must leave alone.
#![allow(dead_code, reason = "each test crate uses a different subset")]

use std::sync::atomic::Ordering;

use cdfilter_core::device::FileContext;
use cdfilter_core::ioctl::{Handling, Ioctl, IoctlDef, TABLE};
use cdfilter_core::port::{Command, DataPhase, Port, PortResult};
use cdfilter_core::Platform;
use cdfilter_host::{Handle, Stack};

/// Sectors on the drive's disc (as many as on the built-in disc of the
/// simulated drive, so one set of valid requests fits both).
pub const DISC_BLOCKS: u32 = 1350;

/// A drive whose answers depend only on the command: every opcode the
/// driver translates answers GOOD with a well-formed MMC answer (a
/// two-track disc of [`DISC_BLOCKS`] sectors, CD-ROM profile with CD Read
/// C2 and real-time streaming, audio page 0x0E, capabilities page 0x2A),
/// the rest ILLEGAL REQUEST / INVALID COMMAND OPERATION CODE. An answer
/// shorter than the buffer is a success with the real count; nothing is
/// written past the answer.
#[derive(Debug, Default)]
pub struct GoodDrive {
    /// Audio status the READ SUB-CHANNEL header reports (0x15 = no status).
    pub audio_status: u8,
}

impl GoodDrive {
    /// A drive that is not playing (audio status 0x15).
    pub fn new() -> Self {
        Self { audio_status: 0x15 }
    }
}

/// The TOC (format 0, MSF): data track 1 at 00:02:00, audio track 2 at
/// 00:08:00 (LBA 450), lead-out at 00:20:00 (LBA 1350).
const TOC: [u8; 28] = [
    0x00, 0x1A, 1, 2, //
    0, 0x14, 1, 0, 0, 0, 2, 0, //
    0, 0x10, 2, 0, 0, 0, 8, 0, //
    0, 0x10, 0xAA, 0, 0, 0, 20, 0,
];

/// Session information (format 1, LBA): first session 1, track 1 at 0.
const SESSION: [u8; 12] = [0x00, 0x0A, 1, 1, 0, 0x14, 1, 0, 0, 0, 0, 0];

/// Full TOC (format 2): A0, A1, A2 points of session 1.
const FULL_TOC: [u8; 37] = [
    0x00, 0x23, 1, 1, //
    1, 0x14, 0, 0xA0, 0, 0, 0, 0, 1, 0, 0, //
    1, 0x10, 0, 0xA1, 0, 0, 0, 0, 2, 0, 0, //
    1, 0x10, 0, 0xA2, 0, 0, 0, 0, 20, 0, 0,
];

/// The CD Audio Control page with a volume of 0xC0 on both channels.
const AUDIO_PAGE: [u8; 16] = [
    0x0E, 0x0E, 0x04, 0, 0, 0, 0, 0x4B, 0x01, 0xC0, 0x02, 0xC0, 0, 0, 0, 0,
];

/// GET CONFIGURATION: header (profile CD-ROM), Profile List, Core, CD Read
/// (C2), Real-Time Streaming (current, stream writing).
const CONFIG: [u8; 44] = [
    0, 0, 0, 40, 0, 0, 0x00, 0x08, //
    0x00, 0x00, 0x03, 0x04, 0x00, 0x08, 0x01, 0x00, //
    0x00, 0x01, 0x0B, 0x04, 0x00, 0x00, 0x00, 0x02, //
    0x00, 0x1E, 0x09, 0x04, 0x02, 0x00, 0x00, 0x00, //
    0x01, 0x07, 0x09, 0x04, 0x01, 0x00, 0x00, 0x00, //
    0, 0, 0, 0,
];

fn mode_sense(page: &[u8]) -> Vec<u8> {
    let mut v = vec![0u8; 8];
    v[..2].copy_from_slice(&((6 + page.len()) as u16).to_be_bytes());
    v.extend_from_slice(page);
    v
}

fn capabilities_page() -> Vec<u8> {
    let mut p = vec![0u8; 22];
    p[0] = 0x2A;
    p[1] = 20;
    p[5] = 0x14; // C2 pointers, R-W supported
    p
}

fn performance(max: usize) -> Vec<u8> {
    let n = max.min(2);
    let mut v = Vec::new();
    v.extend_from_slice(&((4 + 16 * n) as u32).to_be_bytes());
    v.extend_from_slice(&[0; 4]);
    for i in 0..n as u32 {
        v.extend_from_slice(&(i * 500).to_be_bytes());
        v.extend_from_slice(&7056u32.to_be_bytes());
        v.extend_from_slice(&(i * 500 + 499).to_be_bytes());
        v.extend_from_slice(&7056u32.to_be_bytes());
    }
    v
}

/// Sector bytes that look like data (never like the verifier's poison,
/// whose bytes all have the top bit set).
fn sector_fill(buf: &mut [u8], lba: u32) {
    for (i, b) in buf.iter_mut().enumerate() {
        *b = ((lba as usize + i / 7) & 0x7F) as u8;
    }
}

fn answer(data: DataPhase<'_>, bytes: &[u8]) -> PortResult {
    let DataPhase::In(buf) = data else {
        return PortResult::good(0);
    };
    let n = buf.len().min(bytes.len());
    buf[..n].copy_from_slice(&bytes[..n]);
    PortResult::good(n as u32)
}

impl Port for GoodDrive {
    fn execute(&mut self, cmd: Command<'_>) -> PortResult {
        let c = cmd.cdb.as_bytes().to_vec();
        let be32 = |i: usize| u32::from_be_bytes([c[i], c[i + 1], c[i + 2], c[i + 3]]);
        match c[0] {
            0x00 | 0x1B | 0x1E | 0x16 | 0x17 | 0x56 | 0x57 | 0x2B | 0x4E | 0x55 | 0xBB | 0xB6
            | 0x54 => {
                if c[0] == 0x1B && c[1] & 1 == 1 {
                    self.audio_status = 0x13;
                }
                PortResult::good(cmd.data.len() as u32)
            }
            0x47 => {
                self.audio_status = 0x11;
                PortResult::good(0)
            }
            0x4B => {
                self.audio_status = if c[8] & 1 == 1 { 0x11 } else { 0x12 };
                PortResult::good(0)
            }
            0x12 => {
                let mut inq = [0x20u8; 36];
                inq[..5].copy_from_slice(&[0x05, 0x80, 0x05, 0x32, 31]);
                inq[5..8].fill(0);
                answer(cmd.data, &inq)
            }
            0x25 => {
                let mut cap = [0u8; 8];
                cap[..4].copy_from_slice(&(DISC_BLOCKS - 1).to_be_bytes());
                cap[4..].copy_from_slice(&2048u32.to_be_bytes());
                answer(cmd.data, &cap)
            }
            0x43 => match c[2] & 0x0F {
                0 => answer(cmd.data, &TOC),
                1 => answer(cmd.data, &SESSION),
                2 => answer(cmd.data, &FULL_TOC),
                _ => answer(cmd.data, &[0, 2, 0, 0]),
            },
            0x42 => {
                let mut q = vec![0u8; 24];
                q[1] = self.audio_status;
                q[3] = 20;
                q[4] = c[3];
                match c[3] {
                    1 => {
                        q[3] = 12;
                        q[5] = 0x10;
                        q[6] = 2;
                        q[7] = 1;
                        q.truncate(16);
                    }
                    2 => q[8] = 0,
                    _ => q[6] = c[6],
                }
                answer(cmd.data, &q)
            }
            0x5A => match (c[2] >> 6, c[2] & 0x3F) {
                (0, 0x0E) => answer(cmd.data, &mode_sense(&AUDIO_PAGE)),
                (1, 0x0E) => {
                    let mut mask = [0u8; 16];
                    mask[..2].copy_from_slice(&[0x0E, 0x0E]);
                    mask[9] = 0xFF;
                    mask[11] = 0xFF;
                    answer(cmd.data, &mode_sense(&mask))
                }
                (_, 0x2A) => answer(cmd.data, &mode_sense(&capabilities_page())),
                _ => PortResult::check_condition(5, 0x24, 0),
            },
            0x46 => answer(cmd.data, &CONFIG),
            0x4A => answer(cmd.data, &[0, 6, 0x04, 0x10, 0, 0x02, 0, 0]),
            0xAC => {
                let max = usize::from(u16::from_be_bytes([c[8], c[9]]));
                answer(cmd.data, &performance(max))
            }
            0xBE | 0x28 | 0xA8 => {
                let lba = be32(2);
                if lba >= DISC_BLOCKS {
                    return PortResult::check_condition(5, 0x21, 0);
                }
                let n = cmd.data.len();
                if let DataPhase::In(buf) = cmd.data {
                    sector_fill(buf, lba);
                }
                PortResult::good(n as u32)
            }
            _ => PortResult::check_condition(5, 0x20, 0),
        }
    }

    fn max_transfer_bytes(&self) -> u32 {
        64 * 1024
    }
}

/// The table rows the driver answers itself (translated or local), one per
/// code (aliases that share a code with an earlier row are left out: the
/// driver cannot tell them apart).
pub fn owned_rows() -> Vec<&'static IoctlDef> {
    let mut rows: Vec<&'static IoctlDef> = Vec::new();
    for d in TABLE {
        let owned = matches!(d.handling, Handling::Translated(_) | Handling::Local);
        if owned && !rows.iter().any(|r| r.code == d.code) {
            rows.push(d);
        }
    }
    rows
}

/// The rows the driver translates into commands.
pub fn translated_rows() -> Vec<&'static IoctlDef> {
    owned_rows()
        .into_iter()
        .filter(|d| matches!(d.handling, Handling::Translated(_)))
        .collect()
}

fn le32(v: u32) -> [u8; 4] {
    v.to_le_bytes()
}

/// A valid `CDROM_EXCLUSIVE_LOCK` for `name`.
pub fn lock_input(name: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(72);
    v.extend_from_slice(&le32(1));
    v.extend_from_slice(&le32(1)); // CDROM_LOCK_IGNORE_VOLUME
    let mut n = [0u8; 64];
    n[..name.len()].copy_from_slice(name);
    v.extend_from_slice(&n);
    v
}

/// A valid `RAW_READ_INFO`.
pub fn raw_read_input(offset: i64, count: u32, mode: u32) -> Vec<u8> {
    let mut v = offset.to_le_bytes().to_vec();
    v.extend_from_slice(&le32(count));
    v.extend_from_slice(&le32(mode));
    v
}

/// A valid `CDROM_SET_STREAMING` (persistent, whole disc, 1x).
pub fn set_streaming_input() -> Vec<u8> {
    let mut v = Vec::new();
    for x in [1u32, 176, 1000, 0, 1000, 0, DISC_BLOCKS - 1, 0] {
        v.extend_from_slice(&le32(x));
    }
    v.extend_from_slice(&[0, 0, 0, 1]);
    v
}

/// A valid request for `id`: (input bytes, output length).
pub fn valid_request(id: Ioctl) -> (Vec<u8>, usize) {
    use Ioctl as I;
    match id {
        I::CdromReadToc => (vec![], 804),
        I::CdromReadTocEx => (vec![0x80, 1, 0, 0], 804),
        I::CdromGetLastSession => (vec![], 12),
        I::CdromSeekAudioMsf => (vec![0, 4, 0], 0),
        I::CdromPlayAudioMsf => (vec![0, 8, 0, 0, 20, 0], 0),
        I::CdromReadQChannel => (vec![1, 0], 16),
        I::CdromGetVolume => (vec![], 4),
        I::CdromSetVolume => (vec![0x80, 0x80, 0, 0], 0),
        I::CdromRawRead => (raw_read_input(450 * 2048, 2, 2), 2 * 2352),
        I::CdromGetDriveGeometry | I::DiskGetDriveGeometry => (vec![], 24),
        I::CdromGetDriveGeometryEx | I::DiskGetDriveGeometryEx => (vec![], 32),
        I::DiskGetLengthInfo => (vec![], 8),
        I::StorageReadCapacity => (vec![], 32),
        I::CdromGetConfiguration => {
            let mut v = le32(0).to_vec();
            v.extend_from_slice(&le32(0));
            v.extend_from_slice(&[0; 16]);
            (v, 64)
        }
        I::CdromGetInquiryData => (vec![], 260),
        I::CdromExclusiveAccess => (vec![0; 8], 65),
        I::CdromSetSpeed => {
            let mut v = le32(0).to_vec();
            v.extend_from_slice(&0xFFFFu16.to_le_bytes());
            v.extend_from_slice(&0xFFFFu16.to_le_bytes());
            v.extend_from_slice(&le32(0));
            (v, 0)
        }
        I::CdromGetPerformance => {
            let mut v = Vec::new();
            for x in [1u32, 1, 1, 1, 0] {
                v.extend_from_slice(&le32(x));
            }
            (v, 40)
        }
        I::CdromEnableStreaming => (le32(1).to_vec(), 0),
        I::CdromSendOpcInformation => (vec![1, 0, 0, 0, 0, 0, 0, 0], 0),
        I::CdromCheckVerify
        | I::StorageCheckVerify
        | I::StorageCheckVerify2
        | I::DiskCheckVerify => (vec![], 4),
        I::CdromMediaRemoval | I::StorageMediaRemoval | I::StorageEjectionControl => (vec![1], 0),
        I::StorageMcnControl => (vec![1], 0),
        I::StorageGetMediaTypesEx => (vec![], 128),
        _ => (vec![], 0),
    }
}

/// Requests that put the device where `id` has something to act on:
/// PAUSE, RESUME and STOP need a play in progress (RESUME a paused one).
pub fn prelude(id: Ioctl) -> Vec<(Ioctl, Vec<u8>, usize)> {
    let play = (
        Ioctl::CdromPlayAudioMsf,
        valid_request(Ioctl::CdromPlayAudioMsf).0,
        0,
    );
    match id {
        Ioctl::CdromPauseAudio | Ioctl::CdromStopAudio => vec![play],
        Ioctl::CdromResumeAudio => vec![play, (Ioctl::CdromPauseAudio, vec![], 0)],
        _ => vec![],
    }
}

/// Runs the [`prelude`] of `id` on handle `h`.
pub fn run_prelude<P: Port>(stack: &Stack<P>, h: Handle, id: Ioctl) {
    for (pre, input, out_len) in prelude(id) {
        let _ = stack.ioctl(h, pre.code(), &input, out_len);
    }
}

/// The per-handle and device state a failed request must leave as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateSnapshot {
    /// Exclusive-lock owner (raw file id, 0 = none).
    pub exclusive_owner: u64,
    /// Play flag.
    pub play_active: bool,
    /// Device-wide simple and secure prevent counts.
    pub lock_counts: (u32, u32),
    /// The handle's simple, secure, MCN-disable counts and streaming flags.
    pub handle: (u32, u32, u32, u8),
    /// MCN disables device-wide.
    pub mcn_disables: u32,
    /// The "restore default speed on change" flag.
    pub restore_speed: bool,
}

/// The state of `stack` and of the handle `file`.
pub fn snapshot<P: Port>(stack: &Stack<P>, file: Option<&FileContext>) -> StateSnapshot {
    let dev = stack.device();
    let (lock_counts, mcn_disables, restore_speed) = dev.platform.serialize(|u| {
        (
            (u.state.lock_count, u.state.protected_lock_count),
            u.state.media.mcn_disable_count,
            u.state.restore_speed_on_change,
        )
    });
    let handle = file.map_or((0, 0, 0, 0), |f| {
        (
            f.removal_locks.load(Ordering::Relaxed),
            f.secure_locks.load(Ordering::Relaxed),
            f.mcn_disables.load(Ordering::Relaxed),
            f.streaming.load(Ordering::Relaxed),
        )
    });
    StateSnapshot {
        exclusive_owner: dev.shared.exclusive_owner.load(Ordering::Relaxed),
        play_active: dev.shared.play_active.load(Ordering::Relaxed),
        lock_counts,
        handle,
        mcn_disables,
        restore_speed,
    }
}
