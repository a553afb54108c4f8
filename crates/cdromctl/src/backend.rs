//! Where requests go: the host stack over a simulated or real drive, or (on
//! Windows) the real driver through DeviceIoControl. Every backend receives
//! the same IOCTL buffers.

use cdfilter_core::port::Port;
use cdfilter_core::status::NtStatus;
use cdfilter_host::model::Granted;
use cdfilter_host::{Handle, Stack};

/// What one request returned.
#[derive(Clone, Debug)]
pub struct Reply {
    /// Completion status.
    pub status: NtStatus,
    /// `IoStatus.Information`.
    pub information: usize,
    /// The bytes user mode sees (the first `information` bytes of the
    /// output buffer).
    pub out: Vec<u8>,
    /// CDBs that reached the drive (empty where the backend cannot see them).
    pub cdbs: Vec<Vec<u8>>,
}

/// A target that takes handles and requests.
pub trait Backend {
    /// Opens a handle (read/write access).
    fn open(&self) -> Handle;
    /// IRP_MJ_DEVICE_CONTROL.
    fn ioctl(&self, h: Handle, code: u32, input: &[u8], out_len: usize) -> Reply;
    /// IRP_MJ_READ.
    fn read(&self, h: Handle, offset: u64, len: usize) -> Reply;
    /// CloseHandle (cleanup, then close).
    fn close(&self, h: Handle);
    /// Verifier violations observed so far (host stack only).
    fn violations(&self) -> Vec<String> {
        Vec::new()
    }
}

/// The host stack over any port.
pub struct HostBackend<P: Port> {
    stack: Stack<P>,
}

impl<P: Port> HostBackend<P> {
    /// A started stack over `port`.
    pub fn new(port: P) -> Self {
        Self {
            stack: Stack::new(port),
        }
    }
}

fn reply(r: cdfilter_host::IoResult) -> Reply {
    Reply {
        status: r.status,
        information: r.information,
        out: r.data().to_vec(),
        cdbs: r.commands.into_iter().map(|c| c.cdb).collect(),
    }
}

impl<P: Port> Backend for HostBackend<P> {
    fn open(&self) -> Handle {
        self.stack.open(Granted::READ_WRITE)
    }

    fn ioctl(&self, h: Handle, code: u32, input: &[u8], out_len: usize) -> Reply {
        reply(self.stack.ioctl(h, code, input, out_len))
    }

    fn read(&self, h: Handle, offset: u64, len: usize) -> Reply {
        reply(self.stack.read(h, offset, len))
    }

    fn close(&self, h: Handle) {
        self.stack.close_handle(h);
    }

    fn violations(&self) -> Vec<String> {
        self.stack
            .violations()
            .into_iter()
            .map(|v| format!("request {}: {}: {}", v.request, v.what, v.rule))
            .collect()
    }
}
