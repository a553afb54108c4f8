//! IOCTL_CDROM_EXCLUSIVE_ACCESS and the per-request lock check.

use core::sync::atomic::Ordering;

use crate::device::{Device, FileContext, Platform, Shared};
use crate::dispatch::{Completion, IoctlRequest};
use crate::ioctl::{lookup, IoctlCode};
use crate::status::NtStatus;

/// True when no other handle holds the lock: one atomic load.
pub fn may_access(shared: &Shared, file: Option<&FileContext>) -> bool {
    match shared.exclusive_owner.load(Ordering::Acquire) {
        0 => true,
        owner => file.is_some_and(|f| f.id().get() == owner),
    }
}

/// The filter that runs before any validation: a request from a handle that
/// does not hold another handle's lock is refused unless it is on the
/// allow-list or of a device type the lock does not guard.
pub fn may_issue(shared: &Shared, file: Option<&FileContext>, code: u32, input: &[u8]) -> bool {
    if may_access(shared, file) {
        return true;
    }
    let _ = input;
    let code = IoctlCode(code);
    if !code.is_storage_family() {
        return true;
    }
    lookup(code.0).is_some_and(|d| d.lock_exempt)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn exclusive_access<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Releases the lock if `file` holds it (IRP_MJ_CLEANUP of the holder).
pub fn release_on_cleanup<P: Platform>(dev: &Device<P>, file: &FileContext) {
    let id = file.id().get();
    let _ = dev
        .shared
        .exclusive_owner
        .compare_exchange(id, 0, Ordering::AcqRel, Ordering::Acquire);
}
