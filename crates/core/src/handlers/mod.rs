//! One module per IOCTL family. Every handler has the same shape:
//!
//! ```text
//! pub fn name<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion
//! ```
//!
//! It validates in the caller's context (statuses and Information exactly as
//! the class driver), then runs its commands inside [`Device::run`], which
//! serialises the device and re-checks the exclusive lock.
//!
//! [`Device::run`]: crate::device::Device::run

pub mod audio;
pub mod exclusive;
pub mod info;
pub mod media;
pub mod probe;
pub mod rawread;
pub mod rw;
pub mod speed;
pub mod toc;
