//! Test fixtures shared by the core's unit tests: a port that plays a
//! script (asserting the exact CDB bytes it receives), the same port behind
//! an adapter alignment mask, a single-threaded platform, and the small
//! accessors the handler tests share (outcomes, unit state, events).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::vec::Vec;

use crate::device::{Device, Event, FileContext, FileId, Platform, Unit, UnitState};
use crate::dispatch::{CallerWidth, Completion, IoctlRequest, Outcome};
use crate::port::{Command, DataPhase, Port, PortResult, SrbStatus};
use crate::status::NtStatus;

/// One scripted exchange: the CDB the driver must send, and the answer.
#[derive(Clone, Debug)]
pub struct Step {
    /// Exact CDB bytes expected.
    pub cdb: Vec<u8>,
    /// Bytes the device returns (data-in); copied up to the buffer length.
    pub data_in: Vec<u8>,
    /// The result; `transferred` is filled from `data_in` when the result
    /// is GOOD and `transferred` is 0.
    pub result: PortResult,
    /// Expected data-out bytes, if the command sends data.
    pub data_out: Option<Vec<u8>>,
}

impl Step {
    /// Expect `cdb`, answer GOOD with `data_in`.
    pub fn ok(cdb: &[u8], data_in: &[u8]) -> Self {
        Self {
            cdb: cdb.to_vec(),
            data_in: data_in.to_vec(),
            result: PortResult::good(0),
            data_out: None,
        }
    }

    /// Expect `cdb`, answer CHECK CONDITION key/asc/ascq.
    pub fn check(cdb: &[u8], key: u8, asc: u8, ascq: u8) -> Self {
        Self {
            cdb: cdb.to_vec(),
            data_in: Vec::new(),
            result: PortResult::check_condition(key, asc, ascq),
            data_out: None,
        }
    }

    /// Expect `cdb` with exactly `data_out`, answer GOOD.
    pub fn out(cdb: &[u8], data_out: &[u8]) -> Self {
        Self {
            cdb: cdb.to_vec(),
            data_in: Vec::new(),
            result: PortResult::good(0),
            data_out: Some(data_out.to_vec()),
        }
    }

    /// Expect `cdb`, answer with an under-run of `data_in`
    /// (`SRB_STATUS_DATA_OVERRUN` with the real count).
    pub fn short(cdb: &[u8], data_in: &[u8]) -> Self {
        Self {
            cdb: cdb.to_vec(),
            data_in: data_in.to_vec(),
            result: PortResult {
                transferred: data_in.len() as u32,
                ..PortResult::srb_error(SrbStatus::DATA_OVERRUN)
            },
            data_out: None,
        }
    }
}

/// A port that plays a script and panics on any deviation (tests only).
#[derive(Debug, Default)]
pub struct ScriptedPort {
    /// Steps still to play.
    pub steps: VecDeque<Step>,
    /// Maximum transfer reported to the core.
    pub max_transfer: u32,
    /// Delays requested by the retry loop (100 ns units).
    pub delays: Vec<u64>,
    /// Addresses and lengths of the data-in buffers the device was given.
    pub buffers: Vec<(usize, usize)>,
    /// Every `suspend_media_polling` call, in order.
    pub polling: Vec<bool>,
    /// `suspend_media_polling` reports failure (the call is still logged).
    pub refuse_polling: bool,
}

impl ScriptedPort {
    /// A port that expects exactly `steps`.
    pub fn new(steps: impl IntoIterator<Item = Step>) -> Self {
        Self {
            steps: steps.into_iter().collect(),
            max_transfer: 64 * 1024,
            delays: Vec::new(),
            buffers: Vec::new(),
            polling: Vec::new(),
            refuse_polling: false,
        }
    }

    /// True when every scripted step was consumed.
    pub fn done(&self) -> bool {
        self.steps.is_empty()
    }
}

impl Port for ScriptedPort {
    fn execute(&mut self, cmd: Command<'_>) -> PortResult {
        let step = self
            .steps
            .pop_front()
            .unwrap_or_else(|| panic!("unexpected command {:02x?}", cmd.cdb.as_bytes()));
        assert_eq!(cmd.cdb.as_bytes(), step.cdb.as_slice(), "CDB bytes");
        let mut result = step.result;
        match cmd.data {
            DataPhase::In(buf) => {
                self.buffers.push((buf.as_ptr() as usize, buf.len()));
                let n = buf.len().min(step.data_in.len());
                buf[..n].copy_from_slice(&step.data_in[..n]);
                if result.is_success() && result.transferred == 0 {
                    result.transferred = n as u32;
                }
            }
            DataPhase::Out(buf) => {
                if let Some(expect) = &step.data_out {
                    assert_eq!(buf, expect.as_slice(), "data-out bytes");
                }
                if result.is_success() && result.transferred == 0 {
                    result.transferred = buf.len() as u32;
                }
            }
            DataPhase::None => assert!(step.data_out.is_none(), "expected a data-out phase"),
        }
        result
    }

    fn max_transfer_bytes(&self) -> u32 {
        self.max_transfer
    }

    fn delay(&mut self, hundred_ns: u64) {
        self.delays.push(hundred_ns);
    }

    fn suspend_media_polling(&mut self, suspend: bool) -> bool {
        self.polling.push(suspend);
        !self.refuse_polling
    }
}

/// A single-threaded platform recording events.
#[derive(Debug)]
pub struct TestPlatform<P> {
    /// The unit.
    pub unit: RefCell<Unit<P>>,
    /// Events in order.
    pub events: RefCell<Vec<Event>>,
}

impl<P: Port> Platform for TestPlatform<P> {
    type Port = P;

    fn serialize<R>(&self, f: impl FnOnce(&mut Unit<P>) -> R) -> R {
        f(&mut self.unit.borrow_mut())
    }

    fn notify(&self, event: Event) {
        self.events.borrow_mut().push(event);
    }
}

/// The device most tests drive: a scripted port on the test platform.
pub type TestDevice = Device<TestPlatform<ScriptedPort>>;

/// A device over `port` (not started: no start-up commands).
pub fn device_on<P: Port>(port: P) -> Device<TestPlatform<P>> {
    Device::new(TestPlatform {
        unit: RefCell::new(Unit::new(port)),
        events: RefCell::new(Vec::new()),
    })
}

/// A device over a scripted port (not started: no start-up commands).
pub fn device(steps: impl IntoIterator<Item = Step>) -> TestDevice {
    device_on(ScriptedPort::new(steps))
}

/// [`ScriptedPort`] behind an adapter with `mask` as AlignmentMask.
#[derive(Debug)]
pub struct MaskedPort {
    /// The scripted port.
    pub inner: ScriptedPort,
    /// The adapter's AlignmentMask.
    pub mask: u32,
}

impl Port for MaskedPort {
    fn execute(&mut self, cmd: Command<'_>) -> PortResult {
        self.inner.execute(cmd)
    }
    fn max_transfer_bytes(&self) -> u32 {
        self.inner.max_transfer_bytes()
    }
    fn alignment_mask(&self) -> u32 {
        self.mask
    }
    fn delay(&mut self, hundred_ns: u64) {
        self.inner.delay(hundred_ns);
    }
    fn suspend_media_polling(&mut self, suspend: bool) -> bool {
        self.inner.suspend_media_polling(suspend)
    }
}

/// A device whose adapter wants buffers aligned to `mask + 1`.
pub fn masked_device(
    mask: u32,
    steps: impl IntoIterator<Item = Step>,
) -> Device<TestPlatform<MaskedPort>> {
    device_on(MaskedPort {
        inner: ScriptedPort::new(steps),
        mask,
    })
}

/// True when the masked device's script was played to the end.
pub fn masked_done(dev: &Device<TestPlatform<MaskedPort>>) -> bool {
    dev.platform.unit.borrow().port.inner.done()
}

/// A file context with id `n`.
pub fn file(n: u64) -> FileContext {
    FileContext::new(FileId::new(n).expect("non-zero id"))
}

/// Sends one IOCTL and returns the outcome and the whole output buffer
/// (pre-filled with 0xA5 so unwritten bytes show).
pub fn ioctl<P: Platform>(
    dev: &Device<P>,
    file: Option<&FileContext>,
    code: u32,
    input: &[u8],
    out_len: usize,
) -> (Outcome, Vec<u8>) {
    let mut out = std::vec![0xA5u8; out_len];
    let outcome = dev.device_control(IoctlRequest {
        code,
        input,
        output: &mut out,
        file,
        caller: CallerWidth::Bits64,
    });
    (outcome, out)
}

/// The outcome of a completed request with `status` and Information.
pub fn done(status: NtStatus, information: usize) -> Outcome {
    Outcome::Complete(Completion::with_info(status, information))
}

/// The outcome of a successful request with Information `information`.
pub fn ok(information: usize) -> Outcome {
    done(NtStatus::SUCCESS, information)
}

/// The completion of an outcome; a request passed down fails the test.
#[track_caller]
pub fn completion(o: Outcome) -> Completion {
    match o {
        Outcome::Complete(c) => c,
        Outcome::PassDown => panic!("request passed down instead of completed"),
    }
}

/// Runs `f` on the device's unit state (to arrange it or read it back).
pub fn state<P: Port, R>(dev: &Device<TestPlatform<P>>, f: impl FnOnce(&mut UnitState) -> R) -> R {
    f(&mut dev.platform.unit.borrow_mut().state)
}

/// The events notified so far, in order.
pub fn events<P: Port>(dev: &Device<TestPlatform<P>>) -> Vec<Event> {
    dev.platform.events.borrow().clone()
}

/// MODE SENSE(10) data: the 8-byte header (Mode Data Length covering
/// everything after it, `bdl` as Block Descriptor Length), `bdl` zero
/// descriptor bytes, then `pages`.
pub fn mode_sense10_data(bdl: usize, pages: &[&[u8]]) -> Vec<u8> {
    let body: usize = bdl + pages.iter().map(|p| p.len()).sum::<usize>();
    let mdl = (6 + body) as u16;
    let mut v = std::vec![0u8; 8 + bdl];
    v[..2].copy_from_slice(&mdl.to_be_bytes());
    v[6..8].copy_from_slice(&(bdl as u16).to_be_bytes());
    for p in pages {
        v.extend_from_slice(p);
    }
    v
}

/// Asserts every scripted step was consumed.
#[track_caller]
pub fn assert_script_done(dev: &TestDevice) {
    let unit = dev.platform.unit.borrow();
    assert!(unit.port.done(), "unplayed steps: {:?}", unit.port.steps);
}
