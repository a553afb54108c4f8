//! A port wrapper that records every command it forwards.

use cdfilter_core::port::{Command, Port, PortResult};

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
}

impl<P> Recorder<P> {
    /// Wraps `inner`.
    pub fn new(inner: P) -> Self {
        Self {
            inner,
            log: Vec::new(),
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
}
