//! IOCTL_CDROM_RAW_READ: READ CD straight into the caller's buffer.

use crate::device::{Device, Platform};
use crate::dispatch::{Completion, IoctlRequest};
use crate::status::NtStatus;

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn raw_read<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}
