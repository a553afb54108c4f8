//! Shared pieces of the whole-stack tests: the stack over the simulated
//! drive, the expectation of one request, input builders, and the literal
//! answers of the built-in disc that several test files assert.
//!
//! Every literal here is derived by hand from the built-in disc's documented
//! layout (`crates/host/src/disc/builtin.rs`) and the IOCTL specs, never by
//! calling the code under test.

#![allow(
    dead_code,
    reason = "each test binary uses only some of the shared pieces"
)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

use cdfilter_core::status::NtStatus;
use cdfilter_host::model::Granted;
use cdfilter_host::sim::SimDrive;
use cdfilter_host::{Handle, IoResult, Stack};

/// A started stack over the simulated drive holding the built-in disc, and
/// one read/write handle.
pub fn builtin() -> (Stack<SimDrive>, Handle) {
    let s = Stack::new(SimDrive::default());
    let h = s.open(Granted::READ_WRITE);
    (s, h)
}

/// Lowercase hex, 16 bytes per line, for failure messages.
pub fn hex(b: &[u8]) -> String {
    let mut s = String::new();
    for (i, chunk) in b.chunks(16).enumerate() {
        if i > 0 {
            s.push_str("\n    ");
        }
        for x in chunk {
            let _ = write!(s, "{x:02x} ");
        }
    }
    s
}

/// What one request must return.
#[derive(Clone, Debug)]
pub struct Expect {
    /// Completion status.
    pub status: NtStatus,
    /// `IoStatus.Information`.
    pub information: usize,
    /// The bytes user mode sees (the first Information bytes); empty for a
    /// failure status.
    pub data: Vec<u8>,
    /// The CDBs that reached the drive, in order.
    pub cdbs: Vec<Vec<u8>>,
    /// The filter passed the request to the lower driver.
    pub passed_down: bool,
}

impl Expect {
    /// Success with these bytes (Information = their length) and CDBs.
    pub fn ok(data: &[u8], cdbs: &[&[u8]]) -> Self {
        Self {
            status: NtStatus::SUCCESS,
            information: data.len(),
            data: data.to_vec(),
            cdbs: cdbs.iter().map(|c| c.to_vec()).collect(),
            passed_down: false,
        }
    }

    /// A failure with Information 0 after these CDBs.
    pub fn fail(status: NtStatus, cdbs: &[&[u8]]) -> Self {
        Self {
            status,
            information: 0,
            data: Vec::new(),
            cdbs: cdbs.iter().map(|c| c.to_vec()).collect(),
            passed_down: false,
        }
    }

    /// A failure with a non-zero Information (the size needed).
    pub fn fail_info(status: NtStatus, information: usize) -> Self {
        Self {
            information,
            ..Self::fail(status, &[])
        }
    }

    /// The same answer, given by the lower driver.
    pub fn below(self) -> Self {
        Self {
            passed_down: true,
            ..self
        }
    }
}

/// Compares a result with an expectation; `Err` describes every difference.
pub fn check(r: &IoResult, e: &Expect) -> Result<(), String> {
    let mut diffs = Vec::new();
    if r.status != e.status {
        diffs.push(format!("status {} (expected {})", r.status, e.status));
    }
    if r.information != e.information {
        diffs.push(format!(
            "information {} (expected {})",
            r.information, e.information
        ));
    }
    let data: &[u8] = if r.status.is_error() { &[] } else { r.data() };
    if data != e.data.as_slice() {
        diffs.push(format!(
            "data\n    {}\n  expected\n    {}",
            hex(data),
            hex(&e.data)
        ));
    }
    let cdbs: Vec<Vec<u8>> = r.commands.iter().map(|c| c.cdb.clone()).collect();
    if cdbs != e.cdbs {
        let show = |v: &[Vec<u8>]| v.iter().map(|c| hex(c)).collect::<Vec<_>>().join("| ");
        diffs.push(format!(
            "cdbs [{}] (expected [{}])",
            show(&cdbs),
            show(&e.cdbs)
        ));
    }
    if r.passed_down != e.passed_down {
        diffs.push(format!(
            "passed_down {} (expected {})",
            r.passed_down, e.passed_down
        ));
    }
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(diffs.join("\n  "))
    }
}

/// Asserts one result against an expectation.
#[track_caller]
pub fn assert_io(r: &IoResult, e: &Expect) {
    if let Err(d) = check(r, e) {
        panic!("request differs:\n  {d}");
    }
}

/// A 4-byte little-endian ULONG.
pub fn ulong(v: u32) -> [u8; 4] {
    v.to_le_bytes()
}

/// `CDROM_EXCLUSIVE_ACCESS` {RequestType, Flags}.
pub fn exclusive_access(request_type: u32, flags: u32) -> Vec<u8> {
    let mut v = ulong(request_type).to_vec();
    v.extend_from_slice(&ulong(flags));
    v
}

/// `CDROM_EXCLUSIVE_LOCK` {Access = {LockDevice, flags}, CallerName}.
pub fn exclusive_lock(flags: u32, name: &str) -> Vec<u8> {
    let mut v = exclusive_access(1, flags);
    let mut caller = [0u8; 64];
    caller[..name.len()].copy_from_slice(name.as_bytes());
    v.extend_from_slice(&caller);
    v
}

/// The caller name the lock tests use.
pub const LOCK_NAME: &str = "cdfilter integration";

/// `CDROM_EXCLUSIVE_LOCK_STATE` of a device locked under [`LOCK_NAME`].
pub fn lock_state_locked() -> Vec<u8> {
    let mut v = vec![1u8];
    let mut caller = [0u8; 64];
    caller[..LOCK_NAME.len()].copy_from_slice(LOCK_NAME.as_bytes());
    v.extend_from_slice(&caller);
    v
}

// CDBs.

/// READ TOC, format 0, MSF, allocation 804 (IOCTL_CDROM_READ_TOC, §2.1).
pub const CDB_READ_TOC: [u8; 10] = [0x43, 0x02, 0x00, 0, 0, 0, 0x00, 0x03, 0x24, 0];
/// TEST UNIT READY.
pub const CDB_TUR: [u8; 6] = [0; 6];
/// READ CAPACITY(10).
pub const CDB_READ_CAPACITY: [u8; 10] = [0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0];

// Answers of the built-in disc.

/// READ TOC format 0, MSF addresses: 4 tracks and the lead-out.
/// Track starts 0, 450, 750, 1050 and the lead-out 1350 are LBA + 150
/// frames: 00:02:00, 00:08:00, 00:12:00, 00:16:00, 00:20:00. Control:
/// data 0x4, DCP 0x2, pre-emphasis 0x1, none; ADR 1 in the high nibble;
/// the lead-out carries the last track's control.
pub const TOC_MSF: [u8; 44] = [
    0x00, 0x2A, 0x01, 0x04, // length 42, tracks 1..4
    0x00, 0x14, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, // 1: data, 00:02:00
    0x00, 0x12, 0x02, 0x00, 0x00, 0x00, 0x08, 0x00, // 2: DCP, 00:08:00
    0x00, 0x11, 0x03, 0x00, 0x00, 0x00, 0x0C, 0x00, // 3: PRE, 00:12:00
    0x00, 0x10, 0x04, 0x00, 0x00, 0x00, 0x10, 0x00, // 4: 00:16:00
    0x00, 0x10, 0xAA, 0x00, 0x00, 0x00, 0x14, 0x00, // lead-out 00:20:00
];

/// READ TOC format 0, LBA addresses (0, 450, 750, 1050, 1350).
pub const TOC_LBA: [u8; 44] = [
    0x00, 0x2A, 0x01, 0x04, //
    0x00, 0x14, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, //
    0x00, 0x12, 0x02, 0x00, 0x00, 0x00, 0x01, 0xC2, //
    0x00, 0x11, 0x03, 0x00, 0x00, 0x00, 0x02, 0xEE, //
    0x00, 0x10, 0x04, 0x00, 0x00, 0x00, 0x04, 0x1A, //
    0x00, 0x10, 0xAA, 0x00, 0x00, 0x00, 0x05, 0x46,
];

/// Standard INQUIRY data of the simulated drive (36 bytes): MMC device,
/// removable, SPC-3, response format 2, additional length 31, "CDFILTER",
/// "SIMULATED CD-RW ", "1.0 ".
pub const INQUIRY: [u8; 36] = [
    0x05, 0x80, 0x05, 0x02, 0x1F, 0x00, 0x00, 0x00, //
    b'C', b'D', b'F', b'I', b'L', b'T', b'E', b'R', //
    b'S', b'I', b'M', b'U', b'L', b'A', b'T', b'E', b'D', b' ', b'C', b'D', b'-', b'R', b'W', b' ',
    b'1', b'.', b'0', b' ',
];

// The tool.

/// The `cdromctl` binary, built fresh by the cargo running these tests.
///
/// It is another package of the workspace, so
/// `CARGO_BIN_EXE_cdromctl` does not exist for this crate's tests and
/// `assert_cmd`'s `cargo_bin` would only find a binary some earlier build
/// happened to leave (possibly stale). The tests therefore run
/// `cargo build -p cdromctl --bin cdromctl --message-format=json` with the
/// cargo that runs the tests (`$CARGO`) and takes the executable's path
/// from cargo's own artifact message: always fresh, in whatever target
/// directory and profile cargo uses. Cargo releases its build lock before
/// it runs test binaries, so the nested build does not wait on the outer
/// one; it is done once per test binary.
pub fn cdromctl() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut cmd = Command::new(cargo);
        cmd.args([
            "build",
            "-p",
            "cdromctl",
            "--bin",
            "cdromctl",
            "--message-format=json-render-diagnostics",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"));
        if !cfg!(debug_assertions) {
            cmd.arg("--release");
        }
        let out = cmd.output().expect("run cargo build -p cdromctl");
        assert!(
            out.status.success(),
            "cargo build -p cdromctl failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "cdromctl")
            .find_map(|m| m["executable"].as_str().map(PathBuf::from))
            .expect("cargo reported no cdromctl executable")
    })
}

/// Lowercase hex without separators (the tool's `--in` and `out` form).
pub fn hex_compact(b: &[u8]) -> String {
    b.iter().fold(String::new(), |mut s, x| {
        let _ = write!(s, "{x:02x}");
        s
    })
}

/// READ SUB-CHANNEL format 2 (SUB_Q_MEDIA_CATALOG_NUMBER) of the built-in
/// disc with nothing played: header (no play status 0x15, data length 20),
/// format 2, MCVal, the 13 digits 1234567890128, a zero, AFRAME 0.
pub const Q_MCN: [u8; 24] = [
    0x00, 0x15, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x80, //
    b'1', b'2', b'3', b'4', b'5', b'6', b'7', b'8', b'9', b'0', b'1', b'2', b'8', //
    0x00, 0x00,
];

/// READ SUB-CHANNEL format 3 (SUB_Q_TRACK_ISRC) of track 2: header,
/// format 3, ADR 3 | control DCP 0x2 (the byte the Windows structure calls
/// Reserved0), track 2, TCVal, XYCDF2500002, a zero, AFRAME 0, reserved.
pub const Q_ISRC_2: [u8; 24] = [
    0x00, 0x15, 0x00, 0x14, 0x03, 0x32, 0x02, 0x00, 0x80, //
    b'X', b'Y', b'C', b'D', b'F', b'2', b'5', b'0', b'0', b'0', b'0', b'2', //
    0x00, 0x00, 0x00,
];
