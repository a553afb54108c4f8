//! The file-object callbacks and the per-handle context.

use cdfilter_core::device::{FileContext, FileId};
use cdfilter_core::NtStatus;

use crate::context::context_type;
use crate::driver::DeviceContext;
use crate::io::Request;
use crate::wdk::{WDFDEVICE, WDFFILEOBJECT, WDFREQUEST};

context_type!(
    /// The description of the per-file-object [`FileContext`].
    FILE_CONTEXT: FileContext = c"cdfilter.FileContext"
);

/// The handle's context.
///
/// # Safety
///
/// `file_object` is a live file object whose creation [`evt_create`] saw.
pub unsafe fn context<'a>(file_object: WDFFILEOBJECT) -> &'a FileContext {
    // SAFETY: a live file object of this driver (caller).
    let ctx = unsafe { FILE_CONTEXT.of::<FileContext>(file_object.cast()) };
    // SAFETY: written in evt_create before the create was passed on; the
    // framework frees it only after close.
    unsafe { &*ctx }
}

/// `EvtDeviceFileCreate`: gives the handle its context (identified by the
/// WDFFILEOBJECT's handle value), then lets cdrom.sys open it and completes
/// the create with cdrom.sys' answer.
pub unsafe extern "C" fn evt_create(
    device: WDFDEVICE,
    request: WDFREQUEST,
    file_object: WDFFILEOBJECT,
) {
    // SAFETY: the framework presents the create request to this callback.
    let request = unsafe { Request::from_raw(request) };
    // SAFETY: a device of this driver.
    let ctx = unsafe { DeviceContext::of(device) };
    // SAFETY: the file object being created; its context has this type.
    let slot = unsafe { FILE_CONTEXT.of::<FileContext>(file_object.cast()) };
    match FileId::new(file_object.addr() as u64) {
        Some(id) if !slot.is_null() => {
            // SAFETY: freshly allocated (zeroed, not a valid FileContext yet)
            // and not visible to any other callback before this create
            // completes.
            unsafe { slot.write(FileContext::new(id)) };
            request.forward_and_wait(ctx.target);
        }
        _ => request.complete(NtStatus::INVALID_DEVICE_STATE, 0),
    }
}

/// `EvtFileCleanup`: the last user handle closed. Releases what the handle
/// holds (exclusive lock, removal locks, MCN disables).
///
/// The class driver releases only at close (rawread-exclusive-audio.md
/// §3.7). That is later than the user's CloseHandle whenever a kernel
/// component still references the file object, and the drive stays locked
/// meanwhile; this filter releases at cleanup.
pub unsafe extern "C" fn evt_cleanup(file_object: WDFFILEOBJECT) {
    // SAFETY: the framework's file object, whose creation we saw.
    unsafe { release(file_object) };
}

/// `EvtFileClose`: every request of the handle has completed. Releases
/// again: a request that was still running at cleanup (say, an exclusive
/// lock request) may have taken a lock after the cleanup released it.
pub unsafe extern "C" fn evt_close(file_object: WDFFILEOBJECT) {
    // SAFETY: as in `evt_cleanup`.
    unsafe { release(file_object) };
}

/// # Safety
///
/// `file_object` is a live file object whose creation [`evt_create`] saw.
unsafe fn release(file_object: WDFFILEOBJECT) {
    // SAFETY: a file object of this driver (caller).
    let ctx = unsafe { DeviceContext::of_file(file_object) };
    if let Some(dev) = ctx.device() {
        // SAFETY: as above.
        dev.cleanup(unsafe { context(file_object) });
    }
}
