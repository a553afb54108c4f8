//! A port wrapper that records every command it forwards.

use cdfilter_core::port::{Command, Port, PortResult};
use cdfilter_core::status::NtStatus;

use crate::lower::KernelMcn;

/// One recorded command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    /// The CDB bytes.
    pub cdb: Vec<u8>,
    /// Data-phase length.
    pub data_len: usize,
    /// Address of the data buffer (to prove the device wrote straight into
    /// the caller's buffer), 0 without data.
    pub data_addr: usize,
    /// What the port answered.
    pub result: PortResult,
}

/// Records commands sent to the inner port.
#[derive(Debug)]
pub struct Recorder<P> {
    inner: P,
    log: Vec<Recorded>,
    /// Data-in buffers (address, length) not yet claimed by a request
    /// (see [`Recorder::take_windows_within`]).
    windows: Vec<(usize, usize)>,
    /// The class driver's kernel-mode MCN context: on Windows the filter's
    /// `suspend_media_polling` is an IOCTL_STORAGE_MCN_CONTROL to
    /// cdrom.sys, and this is what it changes.
    lower_polling: KernelMcn,
    /// `suspend_media_polling` calls not yet taken, with the class driver's
    /// answer.
    polling_calls: Vec<(bool, NtStatus)>,
}

/// Data-in buffers kept for [`Recorder::take_windows_within`]; older ones
/// (the driver's own scratch buffers, which no request claims) go first.
const MAX_WINDOWS: usize = 1024;

impl<P> Recorder<P> {
    /// Wraps `inner`.
    pub fn new(inner: P) -> Self {
        Self {
            inner,
            log: Vec::new(),
            windows: Vec::new(),
            lower_polling: KernelMcn::default(),
            polling_calls: Vec::new(),
        }
    }

    /// Recorded commands since the last [`Recorder::take`].
    pub fn log(&self) -> &[Recorded] {
        &self.log
    }

    /// Takes the recorded commands.
    pub fn take(&mut self) -> Vec<Recorded> {
        std::mem::take(&mut self.log)
    }

    /// Removes and returns the data-in buffers that lay inside
    /// `[base, base + len)`, as ranges relative to `base`. A request finds
    /// the windows of its own output buffer this way even while other
    /// threads' requests take the command log.
    pub fn take_windows_within(&mut self, base: usize, len: usize) -> Vec<std::ops::Range<usize>> {
        let end = base.saturating_add(len);
        let mut mine = Vec::new();
        self.windows.retain(|&(addr, n)| {
            let inside = addr >= base && addr < end;
            if inside {
                let start = addr - base;
                mine.push(start..(start + n).min(len));
            }
            !inside
        });
        mine
    }

    /// The class driver's kernel-mode MCN context, as the filter's
    /// `suspend_media_polling` calls left it.
    pub fn lower_polling(&self) -> &KernelMcn {
        &self.lower_polling
    }

    /// Takes the `suspend_media_polling` calls recorded since the last
    /// take: the argument and the class driver's answer.
    pub fn take_polling_calls(&mut self) -> Vec<(bool, NtStatus)> {
        std::mem::take(&mut self.polling_calls)
    }

    /// The wrapped port.
    pub fn inner(&self) -> &P {
        &self.inner
    }

    /// The wrapped port, mutably.
    pub fn inner_mut(&mut self) -> &mut P {
        &mut self.inner
    }
}

impl<P: Port> Port for Recorder<P> {
    fn execute(&mut self, cmd: Command<'_>) -> PortResult {
        let cdb = cmd.cdb.as_bytes().to_vec();
        let (data_len, data_addr) = match &cmd.data {
            cdfilter_core::DataPhase::None => (0, 0),
            cdfilter_core::DataPhase::In(b) => (b.len(), b.as_ptr() as usize),
            cdfilter_core::DataPhase::Out(b) => (b.len(), b.as_ptr() as usize),
        };
        if let cdfilter_core::DataPhase::In(b) = &cmd.data {
            if !b.is_empty() {
                if self.windows.len() >= MAX_WINDOWS {
                    self.windows.remove(0);
                }
                self.windows.push((b.as_ptr() as usize, b.len()));
            }
        }
        let result = self.inner.execute(cmd);
        self.log.push(Recorded {
            cdb,
            data_len,
            data_addr,
            result,
        });
        result
    }

    fn max_transfer_bytes(&self) -> u32 {
        self.inner.max_transfer_bytes()
    }

    fn alignment_mask(&self) -> u32 {
        self.inner.alignment_mask()
    }

    fn delay(&mut self, hundred_ns: u64) {
        self.inner.delay(hundred_ns);
    }

    fn suspend_media_polling(&mut self, suspend: bool) -> bool {
        if !self.inner.suspend_media_polling(suspend) {
            return false;
        }
        let status = self.lower_polling.control(suspend);
        self.polling_calls.push((suspend, status));
        status.is_success()
    }
}
