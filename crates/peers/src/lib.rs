//! Port backends over MMC implementations this project did not write.
//!
//! The driver's translation (IOCTL → CDB → parsed answer) is checked against
//! two independent MMC implementations that run on a plain Linux machine
//! without a guest OS or kernel modules:
//!
//! - [`QemuPort`]: QEMU's emulated IDE/ATAPI CD-ROM (`ide-cd`), driven over
//!   the qtest protocol: ATAPI PACKET commands through the task-file I/O
//!   ports, PIO data phases, REQUEST SENSE after an error. Media eject and
//!   change go through QMP.
//! - [`IscsiPort`]: a tgt (Linux SCSI target framework) MMC logical unit over
//!   iSCSI on the loopback interface, through libiscsi. [`TgtTarget`] starts
//!   and stops a private tgtd that exports one ISO.
//!
//! Both implement [`cdfilter_core::port::Port`], so the whole host stack
//! (`cdfilter_host::Stack::new(port)`) runs over them unchanged. Every way in
//! which they differ from MMC or from a real drive, and what the driver or the
//! conformance suite does about it, is listed in one place: [`quirks`].
//!
//! [`image`] builds the ISO images the tests use with genisoimage.
#![cfg(unix)]

pub mod image;
pub mod iscsi;
pub mod qemu;
mod qmp;
mod qtest;
pub mod quirks;
pub mod tgt;

pub use iscsi::IscsiPort;
pub use qemu::QemuPort;
pub use tgt::TgtTarget;

use std::path::PathBuf;

/// Why a peer could not be started or reached.
#[derive(Debug, thiserror::Error)]
pub enum PeerError {
    /// A program the peer needs is not installed.
    #[error("{program} is not installed ({hint})")]
    Missing {
        /// The program.
        program: &'static str,
        /// How to install it.
        hint: &'static str,
    },
    /// A program could not be started.
    #[error("starting {program}: {source}")]
    Spawn {
        /// The program.
        program: String,
        /// The error.
        source: std::io::Error,
    },
    /// Talking to the peer failed.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The error.
        source: std::io::Error,
    },
    /// The peer answered something the protocol does not allow.
    #[error("{0}")]
    Protocol(String),
    /// A bounded wait ran out.
    #[error("timed out: {0}")]
    Timeout(String),
    /// The address is not on the loopback interface.
    #[error("{0} is not a loopback address; the peers are only reached on 127.0.0.0/8 or ::1")]
    NotLoopback(String),
    /// An image file is missing or unusable.
    #[error("{path}: {reason}")]
    Image {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

/// Result of the peers' operations.
pub type Result<T> = std::result::Result<T, PeerError>;

/// True when `program` is an executable file on `PATH` (or a path to one).
pub fn have_program(program: &str) -> bool {
    find_program(program).is_some()
}

/// The full path of `program` on `PATH` (also searching the sbin
/// directories, where tgtd lives).
pub fn find_program(program: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let is_exe = |p: &std::path::Path| {
        p.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    };
    if program.contains('/') {
        let p = PathBuf::from(program);
        return is_exe(&p).then_some(p);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/sbin", "/usr/local/sbin"].map(PathBuf::from))
        .map(|d| d.join(program))
        .find(|p| is_exe(p))
}
