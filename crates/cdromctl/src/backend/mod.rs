//! Where requests go: the host stack over a simulated drive, a disc image or
//! a peer MMC implementation, or (on Windows) the real driver through
//! DeviceIoControl. Every backend receives the same IOCTL buffers; only the
//! backend knows how to deliver them.

mod host;
#[cfg_attr(
    all(not(windows), not(test)),
    expect(
        dead_code,
        reason = "the Windows adapter's logic, tested on every platform"
    )
)]
mod win32;
#[cfg(windows)]
mod windows;

use std::path::PathBuf;

use cdfilter_core::status::NtStatus;

use crate::error::Error;

/// A user-mode handle of a backend (one file object).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct Handle(pub u64);

/// What one request returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    /// Completion status.
    pub status: NtStatus,
    /// `IoStatus.Information`.
    pub information: usize,
    /// The bytes user mode sees (the first `information` bytes of the
    /// output buffer; none after an error status).
    pub out: Vec<u8>,
    /// CDBs that reached the drive (empty where the backend cannot see them).
    pub cdbs: Vec<Vec<u8>>,
}

/// A target that takes handles and requests.
pub trait Backend {
    /// Opens a handle with read/write access.
    fn open(&self) -> Result<Handle, Error>;
    /// IRP_MJ_DEVICE_CONTROL with `input` and an output buffer of `out_len`.
    fn ioctl(&self, h: Handle, code: u32, input: &[u8], out_len: usize) -> Reply;
    /// IRP_MJ_READ of `len` bytes at byte `offset`.
    fn read(&self, h: Handle, offset: u64, len: usize) -> Reply;
    /// CloseHandle (cleanup, then close).
    fn close(&self, h: Handle);
    /// Lets `frames` CD frames (1/75 s each) of drive time pass: the
    /// simulated drive's virtual clock moves; a real drive is waited for.
    fn advance(&self, frames: u32) {
        std::thread::sleep(std::time::Duration::from_millis(
            u64::from(frames) * 1000 / 75,
        ));
    }
    /// Requests the host model has checked so far (`None` where no model
    /// checks them, as on Windows).
    fn requests_checked(&self) -> Option<u64> {
        None
    }
    /// Verifier violations observed so far (host stack only).
    fn violations(&self) -> Vec<String> {
        Vec::new()
    }
    /// Whether the class driver below has its media-change polling paused
    /// by the filter (the host stack's class-driver model; `None` where the
    /// tool cannot see it, as on Windows).
    fn lower_polling_paused(&self) -> Option<bool> {
        None
    }
    /// One line naming the target.
    fn describe(&self) -> String;
}

/// Which target the command line names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The built-in disc in the simulated drive.
    Builtin,
    /// A disc image (ISO, BIN/CUE) in the simulated drive.
    Image(PathBuf),
    /// QEMU's ATAPI CD-ROM with this ISO.
    Qemu(PathBuf),
    /// A tgt iSCSI MMC logical unit.
    Iscsi(String),
    /// A Windows device path (`\\.\CdRom0`).
    Device(String),
}

/// Connects to `target`.
pub fn connect(target: &Target) -> Result<Box<dyn Backend>, Error> {
    match target {
        Target::Builtin => Ok(Box::new(host::builtin())),
        Target::Image(path) => Ok(Box::new(host::image(path)?)),
        Target::Qemu(iso) => host::qemu(iso),
        Target::Iscsi(url) => host::iscsi(url),
        Target::Device(path) => device(path),
    }
}

#[cfg(windows)]
#[expect(
    clippy::unnecessary_wraps,
    reason = "the same signature as the other platforms' `device`, which can fail"
)]
fn device(path: &str) -> Result<Box<dyn Backend>, Error> {
    Ok(Box::new(windows::DeviceBackend::new(path)))
}

#[cfg(not(windows))]
fn device(path: &str) -> Result<Box<dyn Backend>, Error> {
    Err(crate::error::usage(format!(
        "--device {path}: the real driver is reached through DeviceIoControl, which needs Windows; \
         use --image, --qemu, --iscsi or the built-in disc here"
    )))
}
