//! The host stack (the driver's core under the KMDF request model with its
//! verifier checks) over the simulated drive or a peer MMC implementation.

use std::cell::Cell;
use std::path::Path;

use cdfilter_core::port::Port;
use cdfilter_host::disc::Disc;
use cdfilter_host::model::Granted;
use cdfilter_host::sim::SimDrive;
use cdfilter_host::{IoResult, Stack};

use super::{Backend, Handle, Reply};
use crate::error::{internal, Error};

/// The host stack over any port.
pub struct HostBackend<P: Port> {
    stack: Stack<P>,
    requests: Cell<u64>,
    clock: fn(&Stack<P>, u32),
    what: String,
}

impl<P: Port> HostBackend<P> {
    /// A started stack over `port`; `clock` lets drive time pass.
    pub fn new(port: P, what: String, clock: fn(&Stack<P>, u32)) -> Self {
        Self {
            stack: Stack::new(port),
            requests: Cell::new(0),
            clock,
            what,
        }
    }

    fn count(&self) {
        self.requests.set(self.requests.get() + 1);
    }
}

fn reply(r: IoResult) -> Reply {
    let out = if r.status.is_error() {
        Vec::new()
    } else {
        r.data().to_vec()
    };
    Reply {
        status: r.status,
        information: r.information,
        out,
        cdbs: r.commands.into_iter().map(|c| c.cdb).collect(),
    }
}

impl<P: Port> Backend for HostBackend<P> {
    fn open(&self) -> Result<Handle, Error> {
        Ok(Handle(self.stack.open(Granted::READ_WRITE).0))
    }

    fn ioctl(&self, h: Handle, code: u32, input: &[u8], out_len: usize) -> Reply {
        self.count();
        reply(
            self.stack
                .ioctl(cdfilter_host::Handle(h.0), code, input, out_len),
        )
    }

    fn read(&self, h: Handle, offset: u64, len: usize) -> Reply {
        self.count();
        reply(self.stack.read(cdfilter_host::Handle(h.0), offset, len))
    }

    fn close(&self, h: Handle) {
        self.stack.close_handle(cdfilter_host::Handle(h.0));
    }

    fn advance(&self, frames: u32) {
        (self.clock)(&self.stack, frames);
    }

    fn requests_checked(&self) -> Option<u64> {
        Some(self.requests.get())
    }

    fn lower_polling_paused(&self) -> Option<bool> {
        Some(self.stack.lower_polling_suspended())
    }

    fn violations(&self) -> Vec<String> {
        self.stack
            .violations()
            .into_iter()
            .map(|v| format!("request {}: {}: {}", v.request, v.what, v.rule))
            .collect()
    }

    fn describe(&self) -> String {
        self.what.clone()
    }
}

/// The simulated drive with `disc` loaded and spun up.
fn sim_drive(disc: Disc) -> SimDrive {
    SimDrive::new(cdfilter_host::sim::SimConfig::default(), Some(disc))
}

/// Lets `frames` pass on the simulated drive's virtual clock.
fn sim_clock(stack: &Stack<SimDrive>, frames: u32) {
    stack.with_port(|drive| drive.advance_frames(frames));
}

/// The built-in disc in the simulated drive.
pub fn builtin() -> HostBackend<SimDrive> {
    HostBackend::new(
        sim_drive(Disc::builtin()),
        "the built-in disc in the simulated drive".into(),
        sim_clock,
    )
}

/// A disc image in the simulated drive.
pub fn image(path: &Path) -> Result<HostBackend<SimDrive>, Error> {
    let disc = Disc::open(path).map_err(|e| internal(format!("cannot read the image: {e}")))?;
    Ok(HostBackend::new(
        sim_drive(disc),
        format!("{} in the simulated drive", path.display()),
        sim_clock,
    ))
}

/// A real drive's clock: time passes by waiting.
#[cfg(unix)]
fn wall_clock<P: Port>(_: &Stack<P>, frames: u32) {
    std::thread::sleep(std::time::Duration::from_millis(
        u64::from(frames) * 1000 / 75,
    ));
}

/// QEMU's ATAPI CD-ROM with `iso` (QEMU is stopped when the backend goes).
#[cfg(unix)]
pub fn qemu(iso: &Path) -> Result<Box<dyn Backend>, Error> {
    let port = cdfilter_peers::QemuPort::start(iso)
        .map_err(|e| internal(format!("--qemu {}: {e}", iso.display())))?;
    Ok(Box::new(HostBackend::new(
        port,
        format!("{} in QEMU's ATAPI CD-ROM", iso.display()),
        wall_clock,
    )))
}

/// A tgt iSCSI MMC logical unit at `url` (on the loopback interface).
#[cfg(unix)]
pub fn iscsi(url: &str) -> Result<Box<dyn Backend>, Error> {
    let port = cdfilter_peers::IscsiPort::connect(url)
        .map_err(|e| internal(format!("--iscsi {url}: {e}")))?;
    Ok(Box::new(HostBackend::new(
        port,
        format!("the iSCSI MMC logical unit {url}"),
        wall_clock,
    )))
}

/// The peers run on Unix only.
#[cfg(not(unix))]
pub fn qemu(iso: &Path) -> Result<Box<dyn Backend>, Error> {
    let _ = iso;
    Err(crate::error::usage(
        "--qemu needs a Unix machine (QEMU over qtest)",
    ))
}

/// The peers run on Unix only.
#[cfg(not(unix))]
pub fn iscsi(url: &str) -> Result<Box<dyn Backend>, Error> {
    let _ = url;
    Err(crate::error::usage(
        "--iscsi needs a Unix machine (libiscsi)",
    ))
}
