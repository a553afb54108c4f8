//! TOC, session and last-session IOCTLs (READ TOC/PMA/ATIP).

use crate::device::{Device, Platform};
use crate::dispatch::{Completion, IoctlRequest};
use crate::status::NtStatus;

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn read_toc<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn read_toc_ex<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn get_last_session<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}
