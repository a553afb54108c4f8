//! The benchmarked requests: one or more per IOCTL family, the read and
//! write paths, pass-down and refusal, and the exclusive-lock states.
//!
//! A case is a setup (requests run once, e.g. another handle taking the
//! exclusive lock) and a cycle of requests that leaves the device as it
//! found it, so the cycle can repeat any number of times: a lock and its
//! unlock, a play and its stop. Figures are per request (cycle ÷ its
//! length). Every step states the answer it must get; the bench refuses to
//! report a figure for a path that did not take the branch it claims to
//! measure.

use cdfilter_core::ioctl::Ioctl;
use cdfilter_core::status::NtStatus;

use crate::ram::{COOKED_SECTOR, RAW_SECTOR};

/// What a step does.
#[derive(Clone, Debug)]
pub enum Op {
    /// IRP_MJ_DEVICE_CONTROL.
    Ioctl {
        /// The code as the caller sends it.
        code: u32,
        /// Input bytes.
        input: Vec<u8>,
        /// Output buffer length.
        out_len: usize,
    },
    /// IRP_MJ_READ of `len` bytes at byte `offset`.
    Read {
        /// Byte offset.
        offset: u64,
        /// Bytes.
        len: usize,
    },
    /// IRP_MJ_WRITE of `len` bytes at byte `offset`.
    Write {
        /// Byte offset.
        offset: u64,
        /// Bytes.
        len: usize,
    },
}

impl Op {
    /// Bytes of the caller's buffer this step needs.
    pub fn buffer_len(&self) -> usize {
        match self {
            Self::Ioctl { out_len, .. } => *out_len,
            Self::Read { len, .. } | Self::Write { len, .. } => *len,
        }
    }
}

/// The answer a step must get.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Expect {
    /// Completed with STATUS_SUCCESS and this Information.
    Success(usize),
    /// Passed down to the lower driver.
    PassDown,
    /// Completed with this (non-success) status: the path under test is a
    /// refusal.
    Status(NtStatus),
}

/// One request of a case.
#[derive(Clone, Debug)]
pub struct Step {
    /// Which of the rig's two handles issues it (0 or 1).
    pub handle: usize,
    /// The request.
    pub op: Op,
    /// The answer it must get.
    pub expect: Expect,
}

/// A benchmarked path.
#[derive(Clone, Debug)]
pub struct Case {
    /// Family (table group).
    pub family: &'static str,
    /// Unique key (`--callgrind-case KEY`).
    pub key: &'static str,
    /// What the row measures.
    pub what: &'static str,
    /// Run once before measuring.
    pub setup: Vec<Step>,
    /// Measured, repeatable.
    pub cycle: Vec<Step>,
}

/// Little-endian `u32`s.
fn le(words: &[u32]) -> Vec<u8> {
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}

/// RAW_READ_INFO: DiskOffset = lba × 2048, count, mode.
pub fn raw_read_info(lba: u64, sectors: u32, mode: u32) -> Vec<u8> {
    let mut v = (lba * COOKED_SECTOR as u64).to_le_bytes().to_vec();
    v.extend_from_slice(&le(&[sectors, mode]));
    v
}

/// TrackModeType CDDA.
pub const CDDA: u32 = 2;
/// TrackModeType RawWithC2AndSubCode.
const RAW_WITH_C2_AND_SUBCODE: u32 = 3;

/// CDROM_EXCLUSIVE_LOCK with the caller name "cdfilter-bench".
fn exclusive_lock() -> Vec<u8> {
    let mut v = le(&[1, 0]);
    let mut name = [0u8; 64];
    name[..14].copy_from_slice(b"cdfilter-bench");
    v.extend_from_slice(&name);
    v
}

fn ioctl(handle: usize, id: Ioctl, input: Vec<u8>, out_len: usize, expect: Expect) -> Step {
    Step {
        handle,
        op: Op::Ioctl {
            code: id.code(),
            input,
            out_len,
        },
        expect,
    }
}

/// A request from handle 0 that must succeed with `info` bytes.
fn ok(id: Ioctl, input: Vec<u8>, out_len: usize, info: usize) -> Step {
    ioctl(0, id, input, out_len, Expect::Success(info))
}

fn case(family: &'static str, key: &'static str, what: &'static str, cycle: Vec<Step>) -> Case {
    Case {
        family,
        key,
        what,
        setup: vec![],
        cycle,
    }
}

/// Sectors in a 64 KiB raw read (27 × 2352 = 63504 bytes).
pub const RAW_64K_SECTORS: u32 = (64 * 1024 / RAW_SECTOR) as u32;

/// Bytes of the cooked reads and writes.
pub const COOKED_64K: usize = 64 * 1024;

/// Every path of the main table.
pub fn all() -> Vec<Case> {
    use Ioctl as I;
    let raw_64k = RAW_64K_SECTORS as usize * RAW_SECTOR;
    let lock = || ok(I::CdromExclusiveAccess, exclusive_lock(), 0, 0);
    vec![
        case(
            "TOC",
            "read-toc",
            "READ_TOC (format 0, MSF)",
            vec![ok(I::CdromReadToc, vec![], 804, 20)],
        ),
        case(
            "TOC",
            "read-toc-ex",
            "READ_TOC_EX format 0, MSF, into the caller's buffer",
            vec![ok(I::CdromReadTocEx, vec![0x80, 0, 0, 0], 804, 20)],
        ),
        case(
            "TOC",
            "last-session",
            "GET_LAST_SESSION",
            vec![ok(I::CdromGetLastSession, vec![], 12, 12)],
        ),
        case(
            "audio",
            "q-position",
            "READ_Q_CHANNEL current position",
            vec![ok(I::CdromReadQChannel, vec![1, 0], 16, 16)],
        ),
        case(
            "audio",
            "q-mcn",
            "READ_Q_CHANNEL media catalogue number",
            vec![ok(I::CdromReadQChannel, vec![2, 0], 24, 24)],
        ),
        case(
            "audio",
            "get-volume",
            "GET_VOLUME (MODE SENSE page 0x0E)",
            vec![ok(I::CdromGetVolume, vec![], 4, 4)],
        ),
        case(
            "audio",
            "set-volume",
            "SET_VOLUME (2 × MODE SENSE + MODE SELECT)",
            vec![ok(I::CdromSetVolume, vec![0xC0, 0xC0, 0, 0], 0, 0)],
        ),
        case(
            "audio",
            "play-stop",
            "PLAY_AUDIO_MSF + STOP_AUDIO (READ SUB-CHANNEL + STOP)",
            vec![
                ok(I::CdromPlayAudioMsf, vec![0, 2, 0, 0, 30, 0], 0, 0),
                ok(I::CdromStopAudio, vec![], 0, 0),
            ],
        ),
        case(
            "audio",
            "pause-resume",
            "PAUSE_AUDIO + RESUME_AUDIO",
            vec![
                ok(I::CdromPauseAudio, vec![], 0, 0),
                ok(I::CdromResumeAudio, vec![], 0, 0),
            ],
        ),
        case(
            "audio",
            "seek",
            "SEEK_AUDIO_MSF 00:02:00",
            vec![ok(I::CdromSeekAudioMsf, vec![0, 2, 0], 0, 0)],
        ),
        case(
            "raw read",
            "raw-1",
            "RAW_READ 1 sector CDDA (2352 B)",
            vec![ok(
                I::CdromRawRead,
                raw_read_info(16, 1, CDDA),
                RAW_SECTOR,
                RAW_SECTOR,
            )],
        ),
        case(
            "raw read",
            "raw-27",
            "RAW_READ 27 sectors CDDA (63504 B, one READ CD)",
            vec![ok(
                I::CdromRawRead,
                raw_read_info(16, RAW_64K_SECTORS, CDDA),
                raw_64k,
                raw_64k,
            )],
        ),
        case(
            "raw read",
            "raw-445",
            "RAW_READ 445 sectors CDDA (1 MiB, 17 READ CDs)",
            vec![ok(
                I::CdromRawRead,
                raw_read_info(16, 445, CDDA),
                445 * RAW_SECTOR,
                445 * RAW_SECTOR,
            )],
        ),
        case(
            "raw read",
            "raw-1-c2-sub",
            "RAW_READ 1 sector raw + C2 + sub-channel (2744 B, gated)",
            vec![ok(
                I::CdromRawRead,
                raw_read_info(16, 1, RAW_WITH_C2_AND_SUBCODE),
                2744,
                2744,
            )],
        ),
        case(
            "exclusive",
            "excl-query",
            "EXCLUSIVE_ACCESS query",
            vec![ok(I::CdromExclusiveAccess, le(&[0, 0]), 65, 65)],
        ),
        case(
            "exclusive",
            "excl-lock-unlock",
            "EXCLUSIVE_ACCESS lock + unlock",
            vec![lock(), ok(I::CdromExclusiveAccess, le(&[2, 0]), 0, 0)],
        ),
        case(
            "info",
            "configuration",
            "GET_CONFIGURATION current features, into the caller's buffer",
            vec![ok(
                I::CdromGetConfiguration,
                le(&[0, 1, 0, 0, 0, 0]),
                64,
                52,
            )],
        ),
        case(
            "info",
            "inquiry",
            "GET_INQUIRY_DATA (cached, no I/O)",
            vec![ok(I::CdromGetInquiryData, vec![], 96, 36)],
        ),
        case(
            "info",
            "geometry",
            "GET_DRIVE_GEOMETRY",
            vec![ok(I::CdromGetDriveGeometry, vec![], 24, 24)],
        ),
        case(
            "info",
            "geometry-ex",
            "GET_DRIVE_GEOMETRY_EX",
            vec![ok(I::CdromGetDriveGeometryEx, vec![], 40, 32)],
        ),
        case(
            "info",
            "length-info",
            "DISK_GET_LENGTH_INFO",
            vec![ok(I::DiskGetLengthInfo, vec![], 8, 8)],
        ),
        case(
            "info",
            "read-capacity",
            "STORAGE_READ_CAPACITY",
            vec![ok(I::StorageReadCapacity, vec![], 32, 32)],
        ),
        case(
            "media",
            "check-verify",
            "STORAGE_CHECK_VERIFY",
            vec![ok(I::StorageCheckVerify, vec![], 4, 4)],
        ),
        case(
            "media",
            "check-verify-cdrom",
            "CDROM_CHECK_VERIFY (normalised to the storage code)",
            vec![ok(I::CdromCheckVerify, vec![], 4, 4)],
        ),
        case(
            "media",
            "removal-lock-unlock",
            "MEDIA_REMOVAL prevent + allow",
            vec![
                ok(I::StorageMediaRemoval, vec![1], 0, 0),
                ok(I::StorageMediaRemoval, vec![0], 0, 0),
            ],
        ),
        case(
            "media",
            "ejection-lock-unlock",
            "EJECTION_CONTROL prevent + allow",
            vec![
                ok(I::StorageEjectionControl, vec![1], 0, 0),
                ok(I::StorageEjectionControl, vec![0], 0, 0),
            ],
        ),
        case(
            "media",
            "eject-load",
            "EJECT_MEDIA + LOAD_MEDIA",
            vec![
                ok(I::StorageEjectMedia, vec![], 0, 0),
                ok(I::StorageLoadMedia, vec![], 0, 0),
            ],
        ),
        case(
            "media",
            "reserve-release",
            "RESERVE + RELEASE",
            vec![
                ok(I::StorageReserve, vec![], 0, 0),
                ok(I::StorageRelease, vec![], 0, 0),
            ],
        ),
        case(
            "media",
            "media-types-ex",
            "GET_MEDIA_TYPES_EX (TEST UNIT READY)",
            vec![ok(I::StorageGetMediaTypesEx, vec![], 72, 72)],
        ),
        case(
            "media",
            "mcn-disable-enable",
            "MCN_CONTROL disable + enable (no I/O)",
            vec![
                ok(I::StorageMcnControl, vec![1], 0, 0),
                ok(I::StorageMcnControl, vec![0], 0, 0),
            ],
        ),
        case(
            "speed",
            "set-speed",
            "SET_SPEED (SET CD SPEED)",
            vec![ok(I::CdromSetSpeed, le(&[0, 0xFFFF_FFFF, 0]), 0, 0)],
        ),
        case(
            "speed",
            "set-streaming",
            "SET_SPEED streaming, persistent (SET STREAMING)",
            vec![ok(I::CdromSetSpeed, set_streaming(), 0, 0)],
        ),
        case(
            "speed",
            "get-performance",
            "GET_PERFORMANCE nominal read, into the caller's buffer",
            vec![ok(I::CdromGetPerformance, le(&[1, 1, 1, 1, 0]), 24, 24)],
        ),
        case(
            "speed",
            "streaming-on-off",
            "ENABLE_STREAMING read + disable (no I/O)",
            vec![
                ok(I::CdromEnableStreaming, le(&[2]), 0, 0),
                ok(I::CdromEnableStreaming, le(&[1]), 0, 0),
            ],
        ),
        case(
            "speed",
            "send-opc",
            "SEND_OPC_INFORMATION",
            vec![ok(I::CdromSendOpcInformation, le(&[1, 0]), 0, 0)],
        ),
        case(
            "read/write",
            "read-passdown",
            "IRP_MJ_READ 64 KiB, gated then passed down",
            vec![read(0, 16, COOKED_64K, Expect::PassDown)],
        ),
        Case {
            family: "read/write",
            key: "read-streaming",
            what: "IRP_MJ_READ 64 KiB, streaming handle: READ(12) into the caller's buffer",
            setup: vec![ok(I::CdromEnableStreaming, le(&[2]), 0, 0)],
            cycle: vec![read(0, 16, COOKED_64K, Expect::Success(COOKED_64K))],
        },
        case(
            "read/write",
            "write-passdown",
            "IRP_MJ_WRITE 64 KiB, gated then passed down",
            vec![Step {
                handle: 0,
                op: Op::Write {
                    offset: 16 * COOKED_SECTOR as u64,
                    len: COOKED_64K,
                },
                expect: Expect::PassDown,
            }],
        ),
        case(
            "dispatch",
            "passdown-known",
            "SCSI_GET_ADDRESS (table row: pass down)",
            vec![ioctl(0, I::ScsiGetAddress, vec![], 8, Expect::PassDown)],
        ),
        case(
            "dispatch",
            "passdown-unknown",
            "unknown code 0x00560000 (no table row: pass down)",
            vec![Step {
                handle: 0,
                op: Op::Ioctl {
                    code: 0x0056_0000,
                    input: vec![],
                    out_len: 0,
                },
                expect: Expect::PassDown,
            }],
        ),
        case(
            "dispatch",
            "refused",
            "CHECK_PRIORITY_HINT_SUPPORT (table row: refused)",
            vec![ioctl(
                0,
                I::StorageCheckPriorityHintSupport,
                vec![],
                8,
                Expect::Status(NtStatus::NOT_SUPPORTED),
            )],
        ),
    ]
}

/// IRP_MJ_READ by `handle` of `len` bytes at sector `lba`.
fn read(handle: usize, lba: u64, len: usize, expect: Expect) -> Step {
    Step {
        handle,
        op: Op::Read {
            offset: lba * COOKED_SECTOR as u64,
            len,
        },
        expect,
    }
}

/// CDROM_SET_STREAMING, persistent, 40× read over the whole disc.
fn set_streaming() -> Vec<u8> {
    let mut v = le(&[1, 7056, 1000, 0, 1000, 0, 4095, 0]);
    v.extend_from_slice(&[0, 0, 0, 1]);
    v
}

/// Who holds the exclusive lock during a lock-check case.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Holder {
    /// Nobody.
    Free,
    /// The requesting handle.
    Requester,
    /// Another handle.
    Other,
}

impl Holder {
    /// Column title.
    pub fn title(self) -> &'static str {
        match self {
            Self::Free => "lock free",
            Self::Requester => "held by the requesting handle",
            Self::Other => "held by another handle",
        }
    }
}

/// The exclusive-lock check cases: each request under each lock state.
/// Returns (request name, [(holder, case)]).
pub fn lock_check() -> Vec<(&'static str, Vec<(Holder, Case)>)> {
    use Ioctl as I;
    let denied = Expect::Status(NtStatus::ACCESS_DENIED);
    let requests: [(&'static str, &'static str, Step, Expect); 3] = [
        (
            "STORAGE_CHECK_VERIFY",
            "lock-check-verify",
            ok(I::StorageCheckVerify, vec![], 4, 4),
            denied,
        ),
        (
            "RAW_READ 1 sector",
            "lock-raw-1",
            ok(
                I::CdromRawRead,
                raw_read_info(16, 1, CDDA),
                RAW_SECTOR,
                RAW_SECTOR,
            ),
            denied,
        ),
        (
            "GET_INQUIRY_DATA (allowed under a foreign lock)",
            "lock-inquiry",
            ok(I::CdromGetInquiryData, vec![], 96, 36),
            Expect::Success(36),
        ),
    ];
    requests
        .into_iter()
        .map(|(name, key, step, under_other)| {
            let cases = [Holder::Free, Holder::Requester, Holder::Other]
                .into_iter()
                .map(|holder| {
                    let setup = match holder {
                        Holder::Free => vec![],
                        Holder::Requester => {
                            vec![ok(I::CdromExclusiveAccess, exclusive_lock(), 0, 0)]
                        }
                        Holder::Other => {
                            vec![ioctl(
                                1,
                                I::CdromExclusiveAccess,
                                exclusive_lock(),
                                0,
                                Expect::Success(0),
                            )]
                        }
                    };
                    let mut step = step.clone();
                    if holder == Holder::Other {
                        step.expect = under_other;
                    }
                    let key = match holder {
                        Holder::Free => leak(format!("{key}-free")),
                        Holder::Requester => leak(format!("{key}-own")),
                        Holder::Other => leak(format!("{key}-other")),
                    };
                    (
                        holder,
                        Case {
                            family: "lock check",
                            key,
                            what: name,
                            setup,
                            cycle: vec![step],
                        },
                    )
                })
                .collect();
            (name, cases)
        })
        .collect()
}

/// A `'static` key made at start-up (a handful per run).
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// The case with this key, among [`all`] and [`lock_check`].
pub fn find(key: &str) -> Option<Case> {
    all().into_iter().find(|c| c.key == key).or_else(|| {
        lock_check()
            .into_iter()
            .flat_map(|(_, cases)| cases)
            .map(|(_, c)| c)
            .find(|c| c.key == key)
    })
}
