//! The queue callbacks and the request that completes exactly once.
//!
//! Each callback is a trampoline: it turns the raw handles into a
//! [`Request`] and the device context, then safe code asks the core what to
//! do and either completes the request or forwards it. Both consume the
//! [`Request`], so no path can complete it twice, and its `Drop` completes a
//! request that a path forgot (so it can never hang the caller).

use core::mem::size_of;
use core::ptr::null_mut;

use alloc::vec::Vec;

use cdfilter_core::dispatch::{CallerWidth, IoctlRequest, Outcome};
use cdfilter_core::ioctl::{lookup, IoctlCode, Method};
use cdfilter_core::{FileContext, NtStatus};

use crate::driver::{CoreDevice, DeviceContext};
use crate::platform::check;
use crate::wdk::{
    _WDF_REQUEST_SEND_OPTIONS_FLAGS, NTSTATUS, PMDL, PVOID, PWDF_REQUEST_COMPLETION_PARAMS, ULONG,
    ULONG_PTR, USHORT, WDFCONTEXT, WDFIOTARGET, WDFQUEUE, WDFREQUEST, WDF_REQUEST_PARAMETERS,
    WDF_REQUEST_SEND_OPTIONS,
};

/// Input bytes of a buffered IOCTL copied to the stack before the core sees
/// the request. The largest input a core handler parses is
/// CDROM_EXCLUSIVE_LOCK (72 bytes); 256 bytes is about 1% of the 24 KiB x64
/// kernel stack (KERNEL_STACK_SIZE), taken once per dispatch. Longer inputs
/// (pass-through and unknown codes) are copied to pool instead.
pub const INPUT_COPY_MAX: usize = 256;

/// `WDF_REQUEST_SEND_OPTIONS_INIT(.., WDF_REQUEST_SEND_OPTION_SYNCHRONOUS)`.
pub fn synchronous() -> WDF_REQUEST_SEND_OPTIONS {
    WDF_REQUEST_SEND_OPTIONS {
        Size: size_of::<WDF_REQUEST_SEND_OPTIONS>() as ULONG,
        Flags: _WDF_REQUEST_SEND_OPTIONS_FLAGS::WDF_REQUEST_SEND_OPTION_SYNCHRONOUS as ULONG,
        Timeout: 0,
    }
}

/// A request the framework presented to this driver, owned until it is
/// completed or forwarded.
pub struct Request(WDFREQUEST);

/// A buffer of a request: pointer and length as the framework returned them.
#[derive(Clone, Copy)]
struct RawBuf {
    ptr: *mut u8,
    len: usize,
}

impl RawBuf {
    const EMPTY: Self = Self {
        ptr: null_mut(),
        len: 0,
    };

    /// # Safety
    ///
    /// No mutable slice over these bytes is alive while the result is.
    unsafe fn bytes(self, _owner: &Request) -> &[u8] {
        if self.len == 0 {
            return &[];
        }
        // SAFETY: the framework returned this buffer for the request, which
        // `_owner` keeps uncompleted while the slice lives; no writer exists
        // (caller).
        unsafe { core::slice::from_raw_parts(self.ptr, self.len) }
    }

    /// # Safety
    ///
    /// No other slice over these bytes is alive while the result is.
    #[expect(
        clippy::mut_from_ref,
        reason = "the request lends out its own buffer; the borrow only ties the slice's lifetime to the uncompleted request"
    )]
    unsafe fn bytes_mut(self, _owner: &Request) -> &mut [u8] {
        if self.len == 0 {
            return &mut [];
        }
        // SAFETY: as in `bytes`, and exclusive by the caller's guarantee.
        unsafe { core::slice::from_raw_parts_mut(self.ptr, self.len) }
    }
}

impl Request {
    /// Takes ownership of a presented request.
    ///
    /// # Safety
    ///
    /// The framework presented `raw` to this driver, and it has not been
    /// completed, forwarded or wrapped by another `Request`.
    pub unsafe fn from_raw(raw: WDFREQUEST) -> Self {
        Self(raw)
    }

    fn into_raw(self) -> WDFREQUEST {
        let raw = self.0;
        core::mem::forget(self);
        raw
    }

    /// Completes the request with `status` and `information`.
    pub fn complete(self, status: NtStatus, information: usize) {
        let raw = self.into_raw();
        // SAFETY: we owned the request; it is completed once, here.
        unsafe {
            wdf!(
                WdfRequestCompleteWithInformation,
                raw,
                status.0 as NTSTATUS,
                information as ULONG_PTR
            );
        }
    }

    /// Passes the request down unchanged; it completes with the lower
    /// driver's status and Information in [`forwarded_done`].
    pub fn forward(self, target: WDFIOTARGET) {
        let raw = self.0;
        // SAFETY: we own the request; it keeps its parameters for the next
        // stack location.
        unsafe { wdf!(WdfRequestFormatRequestUsingCurrentType, raw) };
        // SAFETY: as above; the routine ignores the null context.
        unsafe {
            wdf!(
                WdfRequestSetCompletionRoutine,
                raw,
                Some(forwarded_done),
                null_mut()
            );
        };
        // SAFETY: formatted request, the device's own target; no options.
        let sent = unsafe { wdf!(WdfRequestSend, raw, target, null_mut()) };
        if sent == 0 {
            // SAFETY: the send failed, so the request is still ours.
            let status = unsafe { wdf!(WdfRequestGetStatus, raw) };
            self.complete(NtStatus(status as u32), 0);
        } else {
            // The completion routine owns it now.
            let _ = self.into_raw();
        }
    }

    /// Passes the request down, waits for it (PASSIVE_LEVEL) and completes
    /// it with the lower driver's status and Information.
    pub fn forward_and_wait(self, target: WDFIOTARGET) {
        let raw = self.0;
        // SAFETY: we own the request.
        unsafe { wdf!(WdfRequestFormatRequestUsingCurrentType, raw) };
        let mut options = synchronous();
        // SAFETY: formatted request, the device's own target, PASSIVE_LEVEL.
        let _sent = unsafe { wdf!(WdfRequestSend, raw, target, &raw mut options) };
        // SAFETY: sent synchronously or not sent: either way ours again.
        let status = unsafe { wdf!(WdfRequestGetStatus, raw) };
        // SAFETY: as above.
        let information = unsafe { wdf!(WdfRequestGetInformation, raw) };
        self.complete(NtStatus(status as u32), information as usize);
    }

    /// The input (`output == false`) or output buffer, `len` bytes long.
    fn buffer(&self, len: usize, output: bool) -> Result<RawBuf, NtStatus> {
        if len == 0 {
            return Ok(RawBuf::EMPTY);
        }
        let (mut ptr, mut got): (PVOID, usize) = (null_mut(), 0);
        let status = if output {
            // SAFETY: we own the request; valid out-pointers.
            unsafe {
                wdf!(
                    WdfRequestRetrieveOutputBuffer,
                    self.0,
                    len,
                    &raw mut ptr,
                    &raw mut got
                )
            }
        } else {
            // SAFETY: as above.
            unsafe {
                wdf!(
                    WdfRequestRetrieveInputBuffer,
                    self.0,
                    len,
                    &raw mut ptr,
                    &raw mut got
                )
            }
        };
        check(status)?;
        Ok(RawBuf {
            ptr: ptr.cast(),
            len: len.min(got),
        })
    }

    fn output_mdl(&self) -> Result<PMDL, NtStatus> {
        let mut mdl: PMDL = null_mut();
        // SAFETY: we own the request; valid out-pointer.
        check(unsafe { wdf!(WdfRequestRetrieveOutputWdmMdl, self.0, &raw mut mdl) })?;
        Ok(mdl)
    }

    /// The handle's context, if the request came through a file object this
    /// driver saw created.
    fn file(&self) -> Option<&FileContext> {
        // SAFETY: we own the request.
        let file_object = unsafe { wdf!(WdfRequestGetFileObject, self.0) };
        if file_object.is_null() {
            return None;
        }
        // SAFETY: the file object outlives its uncompleted requests, and its
        // context was written in EvtDeviceFileCreate.
        Some(unsafe { crate::file::context(file_object) })
    }

    /// The sending process' pointer width (a 32-bit process under WOW64
    /// sends the 32-bit layout of GET_CONFIGURATION_IOCTL_INPUT). On a
    /// 32-bit system the framework answers TRUE for every request, which
    /// is right there too.
    fn caller(&self) -> CallerWidth {
        // SAFETY: we own the request; PASSIVE_LEVEL (≤ APC required).
        if unsafe { wdf!(WdfRequestIsFrom32BitProcess, self.0) } == 0 {
            CallerWidth::Bits64
        } else {
            CallerWidth::Bits32
        }
    }

    /// `Parameters.Read.DeviceOffset` (the Write arm has the same layout).
    fn offset(&self) -> u64 {
        let mut params = WDF_REQUEST_PARAMETERS {
            Size: size_of::<WDF_REQUEST_PARAMETERS>() as USHORT,
            ..WDF_REQUEST_PARAMETERS::default()
        };
        // SAFETY: we own the request; `params` is initialised as
        // WDF_REQUEST_PARAMETERS_INIT does.
        unsafe { wdf!(WdfRequestGetParameters, self.0, &raw mut params) };
        // SAFETY: read and write requests fill the Read/Write arm.
        let offset = unsafe { params.Parameters.Read.DeviceOffset };
        u64::try_from(offset).unwrap_or(u64::MAX)
    }
}

impl Drop for Request {
    fn drop(&mut self) {
        // Reached only if a path neither completed nor forwarded the request:
        // complete it rather than hang the caller.
        // SAFETY: we still own the request.
        unsafe {
            wdf!(
                WdfRequestCompleteWithInformation,
                self.0,
                NtStatus::INVALID_DEVICE_STATE.0 as NTSTATUS,
                0
            );
        }
    }
}

/// Completion routine of forwarded requests: completes them with the lower
/// driver's status and Information. May run at DISPATCH_LEVEL.
unsafe extern "C" fn forwarded_done(
    request: WDFREQUEST,
    _target: WDFIOTARGET,
    _params: PWDF_REQUEST_COMPLETION_PARAMS,
    _context: WDFCONTEXT,
) {
    // SAFETY: the lower driver completed the request, which returns to us.
    let status = unsafe { wdf!(WdfRequestGetStatus, request) };
    // SAFETY: as above.
    let information = unsafe { wdf!(WdfRequestGetInformation, request) };
    // SAFETY: the framework hands the forwarded request back exactly once.
    let request = unsafe { Request::from_raw(request) };
    request.complete(NtStatus(status as u32), information as usize);
}

/// `EvtIoDeviceControl`.
pub unsafe extern "C" fn evt_io_device_control(
    queue: WDFQUEUE,
    request: WDFREQUEST,
    output_len: usize,
    input_len: usize,
    code: ULONG,
) {
    // SAFETY: the framework presents the request to this callback.
    let request = unsafe { Request::from_raw(request) };
    // SAFETY: the queue is the device's default queue, created after its
    // context was written.
    let ctx = unsafe { DeviceContext::of_queue(queue) };
    device_control(ctx, request, output_len, input_len, code);
}

/// `EvtIoRead`.
pub unsafe extern "C" fn evt_io_read(queue: WDFQUEUE, request: WDFREQUEST, length: usize) {
    // SAFETY: as in `evt_io_device_control`.
    let request = unsafe { Request::from_raw(request) };
    // SAFETY: as in `evt_io_device_control`.
    let ctx = unsafe { DeviceContext::of_queue(queue) };
    read_write(ctx, request, length, false);
}

/// `EvtIoWrite`.
pub unsafe extern "C" fn evt_io_write(queue: WDFQUEUE, request: WDFREQUEST, length: usize) {
    // SAFETY: as in `evt_io_device_control`.
    let request = unsafe { Request::from_raw(request) };
    // SAFETY: as in `evt_io_device_control`.
    let ctx = unsafe { DeviceContext::of_queue(queue) };
    read_write(ctx, request, length, true);
}

fn device_control(
    ctx: &DeviceContext,
    request: Request,
    output_len: usize,
    input_len: usize,
    code: u32,
) {
    let Some(dev) = ctx.device() else {
        return request.forward(ctx.target);
    };
    // Codes the core only passes down (while no handle holds the exclusive
    // lock) go down before any buffer is retrieved or copied: a SCSI
    // pass-through with kilobytes of data-out would otherwise cost a pool
    // allocation and a copy per request for nothing.
    if dev.passes_down_untouched(code) {
        return request.forward(ctx.target);
    }
    let ioctl = IoctlCode(code);
    let outcome = match ioctl.method() {
        Method::Buffered => buffered(dev, &request, code, input_len, output_len),
        // Only codes the core knows get their MDL mapped; the rest (unknown
        // direct-I/O codes) pass the exclusive-lock filter and go down.
        Method::OutDirect if lookup(ioctl.normalized().0).is_some() => {
            direct(ctx, dev, &request, code, input_len, output_len)
        }
        _ => Ok(dev.device_control(IoctlRequest {
            code,
            input: &[],
            output: &mut [],
            file: request.file(),
            caller: request.caller(),
        })),
    };
    finish(request, outcome, ctx.target, output_len);
}

/// METHOD_BUFFERED: the input and the output share the system buffer, so
/// the input is copied out first and the core never sees aliasing slices.
fn buffered(
    dev: &CoreDevice,
    request: &Request,
    code: u32,
    input_len: usize,
    output_len: usize,
) -> Result<Outcome, NtStatus> {
    let system_in = request.buffer(input_len, false)?;
    let system_out = request.buffer(output_len, true)?;
    let mut stack = [0u8; INPUT_COPY_MAX];
    let mut pool = Vec::new();
    let input: &[u8] = {
        // SAFETY: no mutable slice over the system buffer exists yet; this
        // one ends with the block.
        let src = unsafe { system_in.bytes(request) };
        if let Some(dst) = stack.get_mut(..src.len()) {
            dst.copy_from_slice(src);
            dst
        } else {
            pool.try_reserve_exact(src.len())
                .map_err(|_| NtStatus::INSUFFICIENT_RESOURCES)?;
            pool.extend_from_slice(src);
            &pool
        }
    };
    // SAFETY: the only slice over the system buffer from here on (the input
    // was copied out above).
    let output = unsafe { system_out.bytes_mut(request) };
    Ok(dev.device_control(IoctlRequest {
        code,
        input,
        output,
        file: request.file(),
        caller: request.caller(),
    }))
}

/// METHOD_OUT_DIRECT (IOCTL_CDROM_RAW_READ): the output is the caller's
/// locked pages, mapped; a command may transfer into them through a
/// partial MDL (see `port`).
fn direct(
    ctx: &DeviceContext,
    dev: &CoreDevice,
    request: &Request,
    code: u32,
    input_len: usize,
    output_len: usize,
) -> Result<Outcome, NtStatus> {
    let system_in = request.buffer(input_len, false)?;
    let mapped = request.buffer(output_len, true)?;
    let mdl = if output_len == 0 {
        null_mut()
    } else {
        request.output_mdl()?
    };
    // SAFETY: the input is the system buffer, distinct from the MDL's pages.
    let input = unsafe { system_in.bytes(request) };
    // SAFETY: the only slice over the caller's pages.
    let output = unsafe { mapped.bytes_mut(request) };
    Ok(ctx.with_window(dev, output, mdl, |output| {
        dev.device_control(IoctlRequest {
            code,
            input,
            output,
            file: request.file(),
            caller: request.caller(),
        })
    }))
}

fn read_write(ctx: &DeviceContext, request: Request, length: usize, write: bool) {
    let Some(dev) = ctx.device() else {
        return request.forward(ctx.target);
    };
    let outcome = if write {
        request.buffer(length, false).map(|buf| {
            // SAFETY: the caller's data, read only.
            let data = unsafe { buf.bytes(&request) };
            dev.write(request.file(), request.offset(), data)
        })
    } else {
        request.buffer(length, true).map(|buf| {
            // SAFETY: the only slice over the caller's buffer.
            let out = unsafe { buf.bytes_mut(&request) };
            dev.read(request.file(), request.offset(), out)
        })
    };
    finish(request, outcome, ctx.target, length);
}

/// Completes or forwards. For every non-error status the I/O manager copies
/// Information bytes back to the caller's buffer, so Information is
/// clamped to the buffer here, whatever the core said: the last line of
/// defence against an overrun of the caller's memory.
fn finish(
    request: Request,
    outcome: Result<Outcome, NtStatus>,
    target: WDFIOTARGET,
    buffer_len: usize,
) {
    match outcome {
        Ok(Outcome::PassDown) => request.forward(target),
        Ok(Outcome::Complete(c)) => {
            let information = if c.status.is_error() {
                c.information
            } else {
                c.information.min(buffer_len)
            };
            request.complete(c.status, information);
        }
        Err(status) => request.complete(status, 0),
    }
}
