//! A model of KMDF's request and file-object lifecycle, with
//! Driver-Verifier-style checks on every request.
//!
//! The model plays the I/O manager and the framework: it creates file
//! objects, checks the handle's granted access against the IOCTL's required
//! access, hands each request to the core exactly once, forwards passed-down
//! requests to the [`lower`](crate::lower) model, and checks after every
//! completion:
//! - the request completed exactly once (the core returns one
//!   [`Outcome`]; the model counts completions per request id);
//! - Information ≤ the output buffer length;
//! - no byte past Information was written (the buffer is filled with a
//!   per-request poison pattern before the call);
//! - no poison survives inside Information for structured outputs (a
//!   reserved field left unwritten would leak stale kernel memory);
//! - create → cleanup → close order per file object, no request on a
//!   cleaned-up handle, and after cleanup the handle holds no exclusive lock
//!   and no removal lock;
//! - the class driver's own media-change polling (its kernel-mode MCN
//!   context, which the filter changes through `Port::suspend_media_polling`)
//!   is stopped exactly while a handle holds the exclusive lock or an MCN
//!   disable is outstanding, with a single disable, and the class driver
//!   never refused one of the filter's MCN_CONTROL requests.
//!
//! A violated check is recorded (never a panic inside the stack), so tests
//! and tools can report it; [`Stack::violations`] lists them and
//! [`Stack::assert_no_violations`] fails a test with the list. A stack
//! dropped with violations nobody looked at panics (unless the thread is
//! already panicking), so a test that forgets to check still fails.
//!
//! [`Stack::ioctl_leak_checked`] sends a request twice with two poison
//! patterns that differ in every byte: a byte inside Information that
//! follows the pattern is stale, even where a single pattern could not
//! tell it from data.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use cdfilter_core::device::{Device, FileContext, FileId};
use cdfilter_core::dispatch::{CallerWidth, Completion, IoctlRequest, Outcome};
use cdfilter_core::ioctl::{lookup, Access, IoctlCode, Method};
use cdfilter_core::port::Port;
use cdfilter_core::status::NtStatus;

use crate::lower::Lower;
use crate::platform::HostPlatform;
use crate::record::{Recorded, Recorder};

/// Where [`Stack::ioctl_leak_checked_with`] is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LeakCheckStep {
    /// The first compared send comes next.
    First,
    /// The second compared send comes next.
    Second,
}

/// A user-mode handle (one file object).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct Handle(pub u64);

/// Access granted to a handle at open (`GENERIC_READ`, `GENERIC_WRITE`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Granted {
    /// Read access.
    pub read: bool,
    /// Write access.
    pub write: bool,
}

impl Granted {
    /// `GENERIC_READ | GENERIC_WRITE`, what tools normally open a drive with.
    pub const READ_WRITE: Self = Self {
        read: true,
        write: true,
    };
    /// `GENERIC_READ` only.
    pub const READ: Self = Self {
        read: true,
        write: false,
    };
    /// Neither (`0` desired access: only FILE_ANY_ACCESS IOCTLs pass).
    pub const NONE: Self = Self {
        read: false,
        write: false,
    };
}

/// What one request returned to the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IoResult {
    /// Completion status.
    pub status: NtStatus,
    /// `IoStatus.Information`.
    pub information: usize,
    /// The caller's output buffer after completion (all `out_len` bytes;
    /// user mode sees the first `information` of them).
    pub output: Vec<u8>,
    /// Whether the filter passed the request down.
    pub passed_down: bool,
    /// Commands that reached the drive for this request.
    pub commands: Vec<Recorded>,
}

impl IoResult {
    /// A request the I/O manager refused before the driver saw it.
    fn refused(status: NtStatus, out_len: usize) -> Self {
        Self {
            status,
            information: 0,
            output: vec![0; out_len],
            passed_down: false,
            commands: Vec::new(),
        }
    }

    /// The bytes user mode sees: the first `information` bytes.
    pub fn data(&self) -> &[u8] {
        &self.output[..self.information.min(self.output.len())]
    }
}

/// A broken verifier rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Request sequence number.
    pub request: u64,
    /// What was being done.
    pub what: String,
    /// The rule broken.
    pub rule: String,
}

#[derive(Debug)]
enum FileState {
    Open,
    CleanedUp,
}

struct FileEntry {
    ctx: Arc<FileContext>,
    granted: Granted,
    /// The width of the process that opened the handle; its requests carry
    /// it (`WdfRequestIsFrom32BitProcess`).
    caller: CallerWidth,
    state: FileState,
}

/// The host stack: the model, the filter's core on a host platform, and the
/// lower driver model, over a port (usually the simulated drive).
pub struct Stack<P: Port> {
    device: Device<HostPlatform<Recorder<P>>>,
    lower: Lower,
    files: Mutex<HashMap<Handle, FileEntry>>,
    next_file: AtomicU64,
    next_request: AtomicU64,
    violations: Mutex<Vec<Violation>>,
    /// How many violations a caller has seen through [`Stack::violations`].
    observed: AtomicUsize,
    /// See [`Stack::set_single_pattern_check`].
    single_pattern_check: AtomicBool,
}

/// Output buffers of requests whose data is device data (raw reads, reads)
/// are not scanned for poison: the device's own bytes may match it.
fn is_bulk(code: u32) -> bool {
    IoctlCode(code).method() != Method::Buffered
}

/// A deterministic per-request poison pattern (xorshift), so a leak check is
/// reproducible. Every byte has its top bit set, so zero padding and ASCII
/// text a driver legitimately writes can never look like unwritten poison.
fn poison(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = vec![0u8; len];
    // Eight bytes per step: the fuzz targets poison every output buffer.
    for chunk in out.chunks_mut(8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let bytes = (x | 0x8080_8080_8080_8080).to_le_bytes();
        chunk.copy_from_slice(&bytes[..chunk.len()]);
    }
    out
}

/// The first `i` in `1..len` where bytes `i - 1` and `i` of `a` and `b`
/// are equal: eight bytes per step (the zero bytes of `a ^ b`), so the
/// scan stays cheap on large buffers and under coverage instrumentation.
fn first_equal_pair(a: &[u8], b: &[u8]) -> Option<usize> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let len = a.len().min(b.len());
    let mut prev_equal = false;
    let mut i = 0;
    while i + 8 <= len {
        let x = u64::from_le_bytes(a[i..i + 8].try_into().unwrap_or([0; 8]))
            ^ u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or([0; 8]));
        // Non-zero exactly when x has a zero byte (an equal byte); which
        // one is found byte by byte.
        let zero = x.wrapping_sub(LOW) & !x & HIGH;
        if zero != 0 || prev_equal {
            if let Some(j) = (i.max(1)..i + 8).find(|&j| a[j] == b[j] && a[j - 1] == b[j - 1]) {
                return Some(j);
            }
        }
        prev_equal = a[i + 7] == b[i + 7];
        i += 8;
    }
    (i.max(1)..len).find(|&j| a[j] == b[j] && a[j - 1] == b[j - 1])
}

impl<P: Port> Stack<P> {
    /// A started stack over `port` (INQUIRY cached, capabilities probed).
    pub fn new(port: P) -> Self {
        let mut device = Device::new(HostPlatform::new(Recorder::new(port)));
        let start = device.start();
        let stack = Self {
            device,
            lower: Lower::default(),
            files: Mutex::new(HashMap::new()),
            next_file: AtomicU64::new(1),
            next_request: AtomicU64::new(1),
            violations: Mutex::new(Vec::new()),
            observed: AtomicUsize::new(0),
            single_pattern_check: AtomicBool::new(true),
        };
        if let Err(status) = start {
            stack.violate(0, "device start", &format!("start failed with {status}"));
        }
        // Start-up commands are not any request's.
        stack.take_commands();
        stack
    }

    /// The core device (to inspect state in tests).
    pub fn device(&self) -> &Device<HostPlatform<Recorder<P>>> {
        &self.device
    }

    /// Runs `f` on the port under the device's serialisation (reconfigure the
    /// simulated drive, eject a disc, advance its clock).
    pub fn with_port<R>(&self, f: impl FnOnce(&mut P) -> R) -> R {
        self.device.platform.with_unit(|u| f(u.port.inner_mut()))
    }

    /// The ranges of `output` the driver handed to the device as data-in
    /// buffers (the device transferred straight into the caller's buffer).
    fn device_windows(&self, output: &[u8]) -> Vec<std::ops::Range<usize>> {
        let (base, len) = (output.as_ptr() as usize, output.len());
        self.device
            .platform
            .with_unit(|u| u.port.take_windows_within(base, len))
    }

    fn take_commands(&self) -> Vec<Recorded> {
        self.device.platform.with_unit(|u| u.port.take())
    }

    fn violate(&self, request: u64, what: &str, rule: &str) {
        self.violations
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Violation {
                request,
                what: what.to_owned(),
                rule: rule.to_owned(),
            });
    }

    /// Every verifier violation so far (they count as seen from now on).
    pub fn violations(&self) -> Vec<Violation> {
        let v = self
            .violations
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        self.observed.fetch_max(v.len(), Ordering::Relaxed);
        v
    }

    /// Fails the calling test with the list of violations, if any.
    #[track_caller]
    pub fn assert_no_violations(&self) {
        let v = self.violations();
        assert!(v.is_empty(), "verifier violations: {v:#?}");
    }

    /// IRP_MJ_CREATE: a new handle with its own file object, opened by a
    /// 64-bit process.
    pub fn open(&self, granted: Granted) -> Handle {
        self.open_from(granted, CallerWidth::Bits64)
    }

    /// IRP_MJ_CREATE by a process of the given width: a 32-bit process
    /// under WOW64 sends the 32-bit layouts of pointer-holding structures.
    pub fn open_from(&self, granted: Granted, caller: CallerWidth) -> Handle {
        let raw = self.next_file.fetch_add(1, Ordering::Relaxed);
        let id = FileId::new(raw).unwrap_or(FileId(std::num::NonZeroU64::MIN));
        let h = Handle(raw);
        self.files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(
                h,
                FileEntry {
                    ctx: Arc::new(FileContext::new(id)),
                    granted,
                    caller,
                    state: FileState::Open,
                },
            );
        h
    }

    /// The file-object context of an open handle (to inspect its locks and
    /// flags in tests).
    pub fn file_context(&self, h: Handle) -> Option<Arc<FileContext>> {
        let files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
        files.get(&h).map(|e| Arc::clone(&e.ctx))
    }

    fn file(
        &self,
        h: Handle,
        req: u64,
        what: &str,
    ) -> Option<(Arc<FileContext>, Granted, CallerWidth)> {
        let files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
        match files.get(&h) {
            Some(FileEntry {
                ctx,
                granted,
                caller,
                state: FileState::Open,
            }) => Some((Arc::clone(ctx), *granted, *caller)),
            Some(_) => {
                drop(files);
                self.violate(req, what, "request on a handle after its cleanup");
                None
            }
            None => {
                drop(files);
                self.violate(req, what, "request on an unknown handle");
                None
            }
        }
    }

    /// IRP_MJ_DEVICE_CONTROL with `input` and an output buffer of `out_len`.
    pub fn ioctl(&self, h: Handle, code: u32, input: &[u8], out_len: usize) -> IoResult {
        self.ioctl_with_poison(h, code, input, out_len, 0)
    }

    /// IRP_MJ_DEVICE_CONTROL sent twice, the output buffer poisoned first
    /// with the request's pattern and then with that pattern XOR 0x7F (every
    /// byte differs, the top bit stays set). When both completions agree on
    /// status and Information, every byte inside Information must agree too:
    /// one that differs was never written by the driver (stale buffer
    /// contents). For requests without side effects and a deterministic
    /// drive. A first, uncompared send fills the driver's caches (the
    /// capacity, the probe), and the two compared sends must start from
    /// the same driver state (an answer's UNIT ATTENTION clears caches and
    /// the play flag), else they are not compared. Returns the last send.
    pub fn ioctl_leak_checked(
        &self,
        h: Handle,
        code: u32,
        input: &[u8],
        out_len: usize,
    ) -> IoResult {
        self.ioctl_leak_checked_with(h, code, input, out_len, |_| {})
    }

    /// [`Stack::ioctl_leak_checked`] with `step` called before each of the
    /// two compared sends (a drive whose answers are not a function of the
    /// command records its answers at [`LeakCheckStep::First`] and replays
    /// them at [`LeakCheckStep::Second`]).
    pub fn ioctl_leak_checked_with(
        &self,
        h: Handle,
        code: u32,
        input: &[u8],
        out_len: usize,
        mut step: impl FnMut(LeakCheckStep),
    ) -> IoResult {
        let _ = self.ioctl_with_poison(h, code, input, out_len, 0);
        let before_first = self.state_fingerprint(h);
        step(LeakCheckStep::First);
        let first = self.ioctl_with_poison(h, code, input, out_len, 0);
        let same_start = self.state_fingerprint(h) == before_first;
        step(LeakCheckStep::Second);
        let second = self.ioctl_with_poison(h, code, input, out_len, 0x7F);
        // An error returns nothing to the caller, whatever Information says.
        let returned = !first.status.is_error();
        // Only a system buffer (METHOD_BUFFERED) can leak kernel memory; a
        // direct-I/O output is the caller's own pages, whose bytes the
        // device did not write are the caller's data.
        let system_buffer = IoctlCode(code).method() == Method::Buffered;
        if same_start
            && system_buffer
            && returned
            && first.status == second.status
            && first.information == second.information
        {
            let (a, b) = (first.data(), second.data());
            if let Some(i) = (0..a.len().min(b.len())).find(|&i| a[i] != b[i]) {
                let what =
                    lookup(code).map_or_else(|| format!("IOCTL {code:#x}"), |d| d.name.to_owned());
                let req = self.next_request.load(Ordering::Relaxed).saturating_sub(1);
                self.violate(
                    req,
                    &what,
                    &format!(
                        "byte {i} of Information {} follows the buffer's earlier contents (stale)",
                        second.information
                    ),
                );
            }
        }
        second
    }

    /// Everything a request's answer may depend on besides the drive: the
    /// serialised unit state (without the copy counter), the shared state
    /// and the handle's context.
    fn state_fingerprint(&self, h: Handle) -> String {
        let unit = self.device.platform.with_unit(|u| {
            let mut state = u.state.clone();
            state.bytes_copied = 0;
            format!("{state:?}")
        });
        let shared = &self.device.shared;
        format!(
            "{unit} {} {} {} {} {} {:?}",
            shared.exclusive_owner.load(Ordering::Relaxed),
            shared.play_active.load(Ordering::Relaxed),
            shared.media_change_count.load(Ordering::Relaxed),
            shared.verify_volume.load(Ordering::Relaxed),
            shared.volume_mounted.load(Ordering::Relaxed),
            self.file_context(h),
        )
    }

    /// Turns the one-pattern stale check (two bytes in a row still equal
    /// to the poison) on or off. It is on by default; turn it off only for
    /// a drive whose answers a fuzzer chooses: it can learn the pattern
    /// from the verifier's own comparisons and return it as data. Use
    /// [`Stack::ioctl_leak_checked_with`] there instead, which is exact.
    pub fn set_single_pattern_check(&self, on: bool) {
        self.single_pattern_check.store(on, Ordering::Relaxed);
    }

    fn ioctl_with_poison(
        &self,
        h: Handle,
        code: u32,
        input: &[u8],
        out_len: usize,
        flip: u8,
    ) -> IoResult {
        let req = self.next_request.fetch_add(1, Ordering::Relaxed);
        let what = lookup(code).map_or_else(|| format!("IOCTL {code:#x}"), |d| d.name.to_owned());
        let Some((ctx, granted, caller)) = self.file(h, req, &what) else {
            return IoResult::refused(NtStatus::INVALID_HANDLE, out_len);
        };
        // The I/O manager checks the handle's access against the code's.
        let access = IoctlCode(code).access();
        let needs_read = matches!(access, Access::Read | Access::ReadWrite);
        let needs_write = matches!(access, Access::Write | Access::ReadWrite);
        if (needs_read && !granted.read) || (needs_write && !granted.write) {
            return IoResult::refused(NtStatus::ACCESS_DENIED, out_len);
        }
        let mut pattern = poison(req, out_len);
        if flip != 0 {
            for b in &mut pattern {
                *b ^= flip;
            }
        }
        let mut output = pattern.clone();
        let outcome = self.device.device_control(IoctlRequest {
            code,
            input,
            output: &mut output,
            file: Some(&ctx),
            caller,
        });
        let (completion, passed_down) = match outcome {
            Outcome::Complete(c) => (c, false),
            Outcome::PassDown => (
                self.device.platform.with_unit(|u| {
                    self.lower
                        .device_control(&mut u.port, code, input, &mut output)
                }),
                true,
            ),
        };
        let commands = self.take_commands();
        self.check_lower_polling(req, &what);
        let windows = self.device_windows(&output);
        self.check_completion(
            req,
            &what,
            completion,
            &pattern,
            &output,
            is_bulk(code),
            &windows,
        );
        IoResult {
            status: completion.status,
            information: completion.information,
            output,
            passed_down,
            commands,
        }
    }

    /// IRP_MJ_READ of `len` bytes at byte `offset`.
    pub fn read(&self, h: Handle, offset: u64, len: usize) -> IoResult {
        let req = self.next_request.fetch_add(1, Ordering::Relaxed);
        let what = format!("IRP_MJ_READ {len}@{offset}");
        let Some((ctx, granted, _)) = self.file(h, req, &what) else {
            return IoResult::refused(NtStatus::INVALID_HANDLE, len);
        };
        if !granted.read {
            return IoResult::refused(NtStatus::ACCESS_DENIED, len);
        }
        let pattern = poison(req, len);
        let mut output = pattern.clone();
        let outcome = self.device.read(Some(&ctx), offset, &mut output);
        let (completion, passed_down) = match outcome {
            Outcome::Complete(c) => (c, false),
            Outcome::PassDown => (
                self.device
                    .platform
                    .with_unit(|u| self.lower.read(&mut u.port, offset, &mut output)),
                true,
            ),
        };
        let commands = self.take_commands();
        let windows = self.device_windows(&output);
        self.check_completion(req, &what, completion, &pattern, &output, true, &windows);
        IoResult {
            status: completion.status,
            information: completion.information,
            output,
            passed_down,
            commands,
        }
    }

    /// IRP_MJ_WRITE of `data` at byte `offset`. The I/O manager refuses a
    /// handle without write access before the driver sees the request.
    /// Nothing comes back but the status and Information, which must not
    /// exceed the data's length.
    pub fn write(&self, h: Handle, offset: u64, data: &[u8]) -> IoResult {
        let req = self.next_request.fetch_add(1, Ordering::Relaxed);
        let what = format!("IRP_MJ_WRITE {}@{offset}", data.len());
        let Some((ctx, granted, _)) = self.file(h, req, &what) else {
            return IoResult::refused(NtStatus::INVALID_HANDLE, 0);
        };
        if !granted.write {
            return IoResult::refused(NtStatus::ACCESS_DENIED, 0);
        }
        let (completion, passed_down) = match self.device.write(Some(&ctx), offset, data) {
            Outcome::Complete(c) => (c, false),
            Outcome::PassDown => (
                self.device
                    .platform
                    .with_unit(|u| self.lower.write(&mut u.port, offset, data)),
                true,
            ),
        };
        let commands = self.take_commands();
        if completion.information > data.len() && !completion.status.is_error() {
            self.violate(req, &what, "Information larger than the data written");
        }
        IoResult {
            status: completion.status,
            information: completion.information,
            output: Vec::new(),
            passed_down,
            commands,
        }
    }

    /// The verifier's checks of one completion. `windows` are the ranges of
    /// the output buffer the driver handed to the device as data buffers:
    /// bytes the device wrote there past Information (an under-run's
    /// leftovers, a failed transfer) are device data in a buffer the driver
    /// gave away, not bytes the driver wrote; everywhere else, every byte
    /// past Information must still hold the poison.
    fn check_completion(
        &self,
        req: u64,
        what: &str,
        c: Completion,
        pattern: &[u8],
        output: &[u8],
        bulk: bool,
        windows: &[std::ops::Range<usize>],
    ) {
        let len = output.len();
        // Only an error (which returns nothing) may report more than the
        // buffer holds, as the size needed; the I/O manager copies
        // Information bytes back for success and warning statuses
        // (BUFFER_OVERFLOW included).
        if c.information > len && !c.status.is_error() {
            self.violate(
                req,
                what,
                &format!("Information {} > buffer length {len}", c.information),
            );
        }
        if c.status == NtStatus::PENDING {
            self.violate(req, what, "completed with STATUS_PENDING");
        }
        // Bytes the caller does not get back must not have been touched.
        let returned = if c.status.is_error() {
            0
        } else {
            c.information.min(len)
        };
        let device_wrote = |i: usize| windows.iter().any(|w| w.contains(&i));
        let touched = output[returned..] != pattern[returned..];
        if let Some(i) = (returned..len)
            .filter(|_| touched)
            .find(|&i| output[i] != pattern[i] && !device_wrote(i))
        {
            self.violate(
                req,
                what,
                &format!(
                    "byte {i} written past Information {returned} ({})",
                    c.status
                ),
            );
        }
        if !bulk && self.single_pattern_check.load(Ordering::Relaxed) {
            // Bytes inside a device window are the device's answer, counted
            // by the port: data can look like poison there, so only the
            // two-pattern check judges them (`ioctl_leak_checked`).
            let mut from = 0;
            let mut found = None;
            while let Some(i) = first_equal_pair(&output[from..returned], &pattern[from..returned])
                .map(|i| from + i)
            {
                if !device_wrote(i) && !device_wrote(i - 1) {
                    found = Some(i);
                    break;
                }
                from = i;
            }
            if let Some(i) = found {
                self.violate(
                    req,
                    what,
                    &format!(
                        "bytes {}..={i} returned unwritten (stale buffer contents)",
                        i - 1
                    ),
                );
            }
        }
    }

    /// The class driver's media-change polling is stopped (by the filter).
    pub fn lower_polling_suspended(&self) -> bool {
        self.device
            .platform
            .with_unit(|u| u.port.lower_polling().polling_suspended())
    }

    /// Checks the class driver's polling against the filter's state (see
    /// the module notes). Both change only inside the serialised section,
    /// so one look under it sees a consistent pair whatever other threads
    /// do.
    fn check_lower_polling(&self, req: u64, what: &str) {
        let (quiet, disables, refused) = self.device.platform.with_unit(|u| {
            let quiet = self.device.shared.exclusive_owner().is_some()
                || u.state.media.mcn_disable_count != 0;
            let refused = u
                .port
                .take_polling_calls()
                .iter()
                .any(|(_, status)| status.is_error());
            (quiet, u.port.lower_polling().disables(), refused)
        });
        if refused {
            self.violate(
                req,
                what,
                "the class driver refused the filter's MCN_CONTROL (an enable without a disable)",
            );
        }
        if disables > 1 {
            self.violate(
                req,
                what,
                "the class driver's polling was disabled twice: one enable would leave it stopped",
            );
        }
        if quiet && disables == 0 {
            self.violate(
                req,
                what,
                "the class driver polls the drive while it is exclusively locked or MCN-disabled",
            );
        }
        if !quiet && disables != 0 {
            self.violate(
                req,
                what,
                "the class driver's polling stays stopped after the lock and the MCN disables ended",
            );
        }
    }

    /// IRP_MJ_CLEANUP: the last user handle to the file object closed.
    pub fn cleanup(&self, h: Handle) {
        let req = self.next_request.fetch_add(1, Ordering::Relaxed);
        let ctx = {
            let mut files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
            match files.get_mut(&h) {
                Some(e) if matches!(e.state, FileState::Open) => {
                    e.state = FileState::CleanedUp;
                    Some(Arc::clone(&e.ctx))
                }
                _ => None,
            }
        };
        let Some(ctx) = ctx else {
            self.violate(
                req,
                "IRP_MJ_CLEANUP",
                "cleanup of a handle that is not open",
            );
            return;
        };
        self.device.cleanup(&ctx);
        self.take_commands();
        self.check_lower_polling(req, "IRP_MJ_CLEANUP");
        if self.device.shared.exclusive_owner() == Some(ctx.id()) {
            self.violate(
                req,
                "IRP_MJ_CLEANUP",
                "exclusive lock still held after cleanup",
            );
        }
        if ctx.removal_locks.load(Ordering::Relaxed) != 0
            || ctx.secure_locks.load(Ordering::Relaxed) != 0
        {
            self.violate(
                req,
                "IRP_MJ_CLEANUP",
                "removal lock still held after cleanup",
            );
        }
    }

    /// IRP_MJ_CLOSE: the file object goes away (after cleanup).
    pub fn close(&self, h: Handle) {
        let req = self.next_request.fetch_add(1, Ordering::Relaxed);
        let mut files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
        match files.get(&h) {
            Some(FileEntry {
                state: FileState::CleanedUp,
                ..
            }) => {
                files.remove(&h);
            }
            Some(_) => {
                drop(files);
                self.violate(req, "IRP_MJ_CLOSE", "close before cleanup");
            }
            None => {
                drop(files);
                self.violate(req, "IRP_MJ_CLOSE", "close of an unknown handle");
            }
        }
    }

    /// CloseHandle from user mode: cleanup, then close.
    pub fn close_handle(&self, h: Handle) {
        self.cleanup(h);
        self.close(h);
    }
}

impl<P: Port> Drop for Stack<P> {
    /// A stack that goes away with violations nobody looked at fails loudly:
    /// every test that runs requests through the model checks the verifier,
    /// whether it asks for the list or not.
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let v = self
            .violations
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        let seen = *self.observed.get_mut();
        assert!(
            v.len() <= seen,
            "verifier violations nobody checked: {:#?}",
            &v[seen..]
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_pairs_are_found_like_a_byte_scan() {
        let a = poison(7, 300);
        for (i, j) in [
            (0, 1),
            (6, 7),
            (7, 8),
            (8, 9),
            (15, 16),
            (290, 291),
            (298, 299),
        ] {
            let mut b: Vec<u8> = a.iter().map(|v| v ^ 0x7F).collect();
            assert_eq!(first_equal_pair(&a, &b), None);
            b[i] = a[i];
            assert_eq!(first_equal_pair(&a, &b), None, "one equal byte at {i}");
            b[j] = a[j];
            assert_eq!(first_equal_pair(&a, &b), Some(j), "pair {i}..={j}");
        }
    }
}
