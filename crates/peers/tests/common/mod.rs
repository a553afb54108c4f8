//! Fixtures shared by the peers' tests: the ISO images, starting the peers,
//! and the rule for a peer that is not installed.
//!
//! A missing program (QEMU, tgt, libiscsi, genisoimage) is reported loudly on
//! the real stderr (not the captured one). With `CI=true` the test fails;
//! locally it is skipped. Any other failure to start a peer always fails.

#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::io::Write;
use std::path::PathBuf;

use cdfilter_core::port::{Cdb, Command, DataPhase, Port, PortResult};
use cdfilter_peers::{image, IscsiPort, PeerError, QemuPort, TgtTarget};

/// The images every test uses.
pub struct Images {
    /// Keeps the files alive.
    pub dir: tempfile::TempDir,
    /// About 3 MiB: DATA.BIN (a byte pattern) and README.TXT.
    pub small: PathBuf,
    /// The bytes of `small`.
    pub small_bytes: Vec<u8>,
    /// A second, smaller image (for media changes).
    pub other: PathBuf,
    /// The bytes of `other`.
    pub other_bytes: Vec<u8>,
}

impl Images {
    /// Sectors of the small image.
    pub fn small_sectors(&self) -> u32 {
        (self.small_bytes.len() / image::SECTOR) as u32
    }

    /// One 2048-byte sector of the small image.
    pub fn sector(&self, lba: u32) -> &[u8] {
        let at = lba as usize * image::SECTOR;
        &self.small_bytes[at..at + image::SECTOR]
    }
}

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Reports a peer that cannot run: fails under CI, skips loudly otherwise.
/// Any error other than a missing program fails.
pub fn unavailable<T>(what: &str, e: PeerError) -> Option<T> {
    assert!(
        matches!(e, PeerError::Missing { .. }) && !ci(),
        "{what} cannot run: {e}"
    );
    let _ = writeln!(
        std::io::stderr(),
        "\n*** SKIPPED {what}: {e} (this fails when CI=true) ***\n"
    );
    None
}

/// Builds the test images, or `None` if genisoimage is missing (locally).
pub fn images() -> Option<Images> {
    let dir = tempfile::tempdir().expect("temporary directory");
    let readme = b"cdfilter conformance image\n".repeat(40);
    let data = image::pattern(7, 3 << 20);
    let small = match image::make_iso(
        dir.path(),
        "small",
        "CDFILTER",
        &[("DATA.BIN", &data), ("README.TXT", &readme)],
    ) {
        Ok(p) => p,
        Err(e) => return unavailable("the ISO images", e),
    };
    let other_data = image::pattern(9, 1 << 20);
    let other = image::make_iso(dir.path(), "other", "OTHER", &[("OTHER.BIN", &other_data)])
        .expect("second image");
    let small_bytes = std::fs::read(&small).expect("read image");
    let other_bytes = std::fs::read(&other).expect("read image");
    Some(Images {
        dir,
        small,
        small_bytes,
        other,
        other_bytes,
    })
}

/// QEMU with `iso`, or `None` if QEMU is not installed (locally).
pub fn qemu(iso: &std::path::Path) -> Option<QemuPort> {
    QemuPort::start(iso).map_or_else(|e| unavailable("QEMU", e), Some)
}

/// A private tgtd serving `iso` and a port logged in to it, or `None` if
/// tgt or libiscsi is missing (locally). Bind it as `(_target, port)`: the
/// later binding is dropped first, so the port logs out before the target
/// goes away.
pub fn tgt(iso: &std::path::Path) -> Option<(TgtTarget, IscsiPort)> {
    let target = match TgtTarget::start(iso) {
        Ok(t) => t,
        Err(e) => return unavailable("tgt", e),
    };
    match IscsiPort::connect(&target.url()) {
        Ok(p) => Some((target, p)),
        Err(e) => unavailable("the iSCSI initiator", e),
    }
}

/// Sends `cdb` with a data-in buffer of `len` bytes (none for 0).
pub fn exec<P: Port>(port: &mut P, cdb: &[u8], len: usize) -> (PortResult, Vec<u8>) {
    let mut buf = vec![0xA5; len];
    let data = if len == 0 {
        DataPhase::None
    } else {
        DataPhase::In(&mut buf)
    };
    let r = port.execute(Command {
        cdb: Cdb::from_slice(cdb).expect("CDB length"),
        data,
        timeout_secs: 10,
    });
    buf.truncate((r.transferred as usize).min(len));
    (r, buf)
}

/// Sends `cdb` with `data` as data-out.
pub fn exec_out<P: Port>(port: &mut P, cdb: &[u8], data: &[u8]) -> PortResult {
    port.execute(Command {
        cdb: Cdb::from_slice(cdb).expect("CDB length"),
        data: DataPhase::Out(data),
        timeout_secs: 10,
    })
}

/// (key, ASC, ASCQ) of fixed-format sense.
pub fn sense(r: &PortResult) -> (u8, u8, u8) {
    let s = r.sense_bytes();
    assert!(s.len() >= 14, "no sense in {r:?}");
    (s[2] & 0x0F, s[12], s[13])
}

/// A READ(10) CDB.
pub fn read10(lba: u32, count: u16) -> [u8; 10] {
    let l = lba.to_be_bytes();
    let c = count.to_be_bytes();
    [0x28, 0, l[0], l[1], l[2], l[3], 0, c[0], c[1], 0]
}

/// LBA → (M, S, F) with the 2-second offset.
pub fn msf(lba: u32) -> [u8; 3] {
    let a = lba + 150;
    [(a / 4500) as u8, (a / 75 % 60) as u8, (a % 75) as u8]
}
