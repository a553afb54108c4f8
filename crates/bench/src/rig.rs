//! What runs a case: the core alone on the bench platform ([`CoreRig`]) or
//! the whole host stack with its verifier ([`HostRig`]).
//!
//! The core rig enters the driver through the `entry_*` functions: callgrind
//! switches instruction collection on inside them (and off again inside
//! [`RamPort::execute`]), so they are the measured region. They must stay
//! out-of-line, and only measured requests go through them.

use std::hint::black_box;

use cdfilter_core::device::{Device, FileContext, FileId};
use cdfilter_core::dispatch::{CallerWidth, Completion, IoctlRequest, Outcome};
use cdfilter_core::status::NtStatus;
use cdfilter_host::model::Granted;
use cdfilter_host::{Handle, Stack};

use crate::cases::{Case, Expect, Op, Step};
use crate::platform::BenchPlatform;
use crate::ram::RamPort;

/// The core over the RAM drive on the bench platform.
pub type CoreDevice = Device<BenchPlatform<RamPort>>;

/// Measured IRP_MJ_DEVICE_CONTROL.
#[inline(never)]
pub fn entry_ioctl(
    dev: &CoreDevice,
    file: &FileContext,
    code: u32,
    input: &[u8],
    output: &mut [u8],
) -> Outcome {
    black_box(dev.device_control(IoctlRequest {
        code,
        input,
        output,
        file: Some(file),
        caller: CallerWidth::Bits64,
    }))
}

/// Measured IRP_MJ_READ.
#[inline(never)]
pub fn entry_read(dev: &CoreDevice, file: &FileContext, offset: u64, output: &mut [u8]) -> Outcome {
    black_box(dev.read(Some(file), offset, output))
}

/// Measured IRP_MJ_WRITE.
#[inline(never)]
pub fn entry_write(dev: &CoreDevice, file: &FileContext, offset: u64, data: &[u8]) -> Outcome {
    black_box(dev.write(Some(file), offset, data))
}

/// The calling convention alone: builds the request like [`entry_ioctl`]
/// and hands it to nothing. Its count is the harness's share of every row.
#[inline(never)]
pub fn entry_empty(file: &FileContext, code: u32, input: &[u8], output: &mut [u8]) -> Outcome {
    black_box(IoctlRequest {
        code,
        input,
        output,
        file: Some(file),
        caller: CallerWidth::Bits64,
    });
    black_box(Outcome::PassDown)
}

/// The device's serialisation alone: [`Device::run`] with nothing to do
/// (the platform's lock and unlock, the lock re-check, the context). Its
/// count is the share of every serialised request that is the platform's.
#[inline(never)]
pub fn entry_serialize(dev: &CoreDevice, file: &FileContext) -> Outcome {
    let _ = black_box(dev.run(Some(file), true, |ctx| black_box(ctx.file.is_some())));
    black_box(Outcome::PassDown)
}

/// A started core device over `port`.
///
/// # Errors
/// The start's status when INQUIRY or the capability probe failed.
pub fn core_device(port: RamPort) -> Result<CoreDevice, NtStatus> {
    let mut dev = Device::new(BenchPlatform::new(port));
    dev.start()?;
    Ok(dev)
}

/// Handle `n`'s file-object context (ids 1 and 2).
pub fn file(n: usize) -> FileContext {
    FileContext::new(FileId::new(n as u64 + 1).unwrap_or(FileId(std::num::NonZeroU64::MIN)))
}

/// A step's answer: the outcome, or what failed.
pub type Answer = Outcome;

/// Whether `got` is what `expect` asks for.
pub fn matches(expect: Expect, got: Answer) -> bool {
    match (expect, got) {
        (Expect::Success(info), Outcome::Complete(c)) => c == Completion::ok(info),
        (Expect::PassDown, Outcome::PassDown) => true,
        (Expect::Status(s), Outcome::Complete(c)) => c.status == s,
        _ => false,
    }
}

/// An answer for a table cell: `SUCCESS (804)`, `passed down`, `ACCESS_DENIED`.
pub fn describe(a: Answer) -> String {
    match a {
        Outcome::PassDown => "passed down".to_owned(),
        Outcome::Complete(c) if c.status.is_success() => {
            format!("{} ({})", status_name(c.status), c.information)
        }
        Outcome::Complete(c) => status_name(c.status),
    }
}

/// `STATUS_SUCCESS` without the value; the hex value for unnamed ones.
fn status_name(s: NtStatus) -> String {
    s.name()
        .map_or_else(|| format!("{:#010x}", s.0), str::to_owned)
}

/// A case that got an answer it did not expect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// The case key.
    pub key: &'static str,
    /// The step (index in setup, or setup length + index in the cycle).
    pub step: usize,
    /// Expected.
    pub expected: Expect,
    /// Got.
    pub got: String,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} step {}: expected {:?}, got {}",
            self.key, self.step, self.expected, self.got
        )
    }
}

/// The core alone: a device, two handles, one preallocated buffer per step.
pub struct CoreRig {
    /// The device.
    pub dev: CoreDevice,
    files: [FileContext; 2],
    case: Case,
    buffers: Vec<Vec<u8>>,
}

impl CoreRig {
    /// A started device over `port` with the case's setup done.
    ///
    /// # Errors
    /// A start failure or a setup step with an unexpected answer.
    pub fn new(case: &Case, port: RamPort) -> Result<Self, String> {
        let dev = core_device(port).map_err(|s| format!("device start failed: {s}"))?;
        let buffers = case
            .cycle
            .iter()
            .map(|s| vec![0u8; s.op.buffer_len()])
            .collect();
        let rig = Self {
            dev,
            files: [file(0), file(1)],
            case: case.clone(),
            buffers,
        };
        for (i, step) in case.setup.iter().enumerate() {
            let mut buf = vec![0u8; step.op.buffer_len()];
            let got = rig.issue(step, &mut buf, false);
            if !matches(step.expect, got) {
                return Err(Mismatch {
                    key: case.key,
                    step: i,
                    expected: step.expect,
                    got: describe(got),
                }
                .to_string());
            }
        }
        Ok(rig)
    }

    fn issue(&self, step: &Step, buf: &mut [u8], measured: bool) -> Answer {
        Issuer {
            dev: &self.dev,
            files: &self.files,
        }
        .issue(step, buf, measured)
    }

    /// Runs the cycle once; `measured` goes through the `entry_*`
    /// functions. Returns the answers.
    pub fn cycle(&mut self, measured: bool) -> Vec<Answer> {
        let mut answers = Vec::with_capacity(self.case.cycle.len());
        self.cycle_into(measured, |a| answers.push(a));
        answers
    }

    /// Runs the cycle once and hands each answer to `sink` (no allocation
    /// of its own).
    pub fn cycle_into(&mut self, measured: bool, mut sink: impl FnMut(Answer)) {
        let Self {
            dev,
            files,
            case,
            buffers,
        } = self;
        let rig = Issuer { dev, files };
        for (step, buf) in case.cycle.iter().zip(buffers.iter_mut()) {
            sink(rig.issue(step, buf, measured));
        }
    }

    /// The cycle's steps.
    pub fn steps(&self) -> &[Step] {
        &self.case.cycle
    }

    /// The output buffer of cycle step `i` (what the last cycle left).
    pub fn buffer(&self, i: usize) -> &[u8] {
        &self.buffers[i]
    }

    /// The output buffer of cycle step `i`, writable (baselines copy into
    /// the very buffer the driver fills).
    pub fn buffer_mut(&mut self, i: usize) -> &mut [u8] {
        &mut self.buffers[i]
    }

    /// Commands the port executed so far.
    pub fn commands(&self) -> u64 {
        self.dev.platform.with_unit(|u| u.port.commands)
    }

    /// Bytes the driver copied into callers' buffers itself so far.
    pub fn bytes_copied(&self) -> u64 {
        self.dev.platform.with_unit(|u| u.state.bytes_copied)
    }

    /// Checks a cycle's answers against the case.
    ///
    /// # Errors
    /// The first unexpected answer.
    pub fn check(&self, answers: &[Answer]) -> Result<(), Mismatch> {
        for (i, (step, got)) in self.case.cycle.iter().zip(answers).enumerate() {
            if !matches(step.expect, *got) {
                return Err(Mismatch {
                    key: self.case.key,
                    step: self.case.setup.len() + i,
                    expected: step.expect,
                    got: describe(*got),
                });
            }
        }
        Ok(())
    }
}

/// Borrowed halves of a [`CoreRig`], so buffers can be lent while the
/// device is used.
struct Issuer<'a> {
    dev: &'a CoreDevice,
    files: &'a [FileContext; 2],
}

impl Issuer<'_> {
    fn issue(&self, step: &Step, buf: &mut [u8], measured: bool) -> Answer {
        let file = &self.files[step.handle];
        match (&step.op, measured) {
            (Op::Ioctl { code, input, .. }, true) => entry_ioctl(self.dev, file, *code, input, buf),
            (Op::Ioctl { code, input, .. }, false) => self.dev.device_control(IoctlRequest {
                code: *code,
                input,
                output: buf,
                file: Some(file),
                caller: CallerWidth::Bits64,
            }),
            (Op::Read { offset, .. }, true) => entry_read(self.dev, file, *offset, buf),
            (Op::Read { offset, .. }, false) => self.dev.read(Some(file), *offset, buf),
            (Op::Write { offset, .. }, true) => entry_write(self.dev, file, *offset, buf),
            (Op::Write { offset, .. }, false) => self.dev.write(Some(file), *offset, buf),
        }
    }
}

/// The host stack (KMDF model with verifier, recorder, lower-driver model)
/// over the RAM drive.
pub struct HostRig {
    stack: Stack<RamPort>,
    handles: [Handle; 2],
    case: Case,
}

impl HostRig {
    /// A stack over `port` with two read/write handles and the setup done.
    ///
    /// # Errors
    /// A setup step with an unexpected answer.
    pub fn new(case: &Case, port: RamPort) -> Result<Self, String> {
        let stack = Stack::new(port);
        let handles = [
            stack.open(Granted::READ_WRITE),
            stack.open(Granted::READ_WRITE),
        ];
        let rig = Self {
            stack,
            handles,
            case: case.clone(),
        };
        for (i, step) in case.setup.iter().enumerate() {
            let got = rig.issue(step);
            if !matches(step.expect, got) {
                return Err(format!(
                    "{} host setup step {i}: expected {:?}, got {}",
                    case.key,
                    step.expect,
                    describe(got)
                ));
            }
        }
        Ok(rig)
    }

    /// Whether every step can run on the host stack (it has no write path).
    pub fn supports(case: &Case) -> bool {
        case.setup
            .iter()
            .chain(&case.cycle)
            .all(|s| !matches!(s.op, Op::Write { .. }))
    }

    fn issue(&self, step: &Step) -> Answer {
        let h = self.handles[step.handle];
        let r = match &step.op {
            Op::Ioctl {
                code,
                input,
                out_len,
            } => self.stack.ioctl(h, *code, input, *out_len),
            Op::Read { offset, len } | Op::Write { offset, len } => {
                self.stack.read(h, *offset, *len)
            }
        };
        if r.passed_down {
            Outcome::PassDown
        } else {
            Outcome::Complete(Completion::with_info(r.status, r.information))
        }
    }

    /// Runs the cycle once.
    pub fn cycle(&self) -> Vec<Answer> {
        self.case.cycle.iter().map(|s| self.issue(s)).collect()
    }

    /// Verifier violations so far.
    pub fn violations(&self) -> usize {
        self.stack.violations().len()
    }
}
