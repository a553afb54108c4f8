//! The decision core of the cdfilter CD-ROM class filter driver.
//!
//! Everything the driver decides lives here: the IOCTL table, buffer
//! validation, SCSI/MMC command building, answer parsing, sense → NTSTATUS
//! mapping with the retry policy, the exclusive-access lock, the play state
//! and the per-handle state. The crate is `no_std`, allocation-free and free
//! of `unsafe`; it reaches the drive only through the [`port::Port`] trait and
//! the environment's serialisation through [`device::Platform`].
//!
//! Layers, top to bottom:
//! - [`dispatch`]: one entry point per IRP major function.
//! - [`handlers`]: one module per IOCTL family.
//! - [`device`]: device-wide state, per-handle state, the command loop.
//! - [`abi`]: the Windows input/output structures; [`scsi`]: CDBs and answers.
//! - [`sense`]: the one exhaustive sense/SRB-status table.
//! - [`port`]: the boundary to the lower driver.
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

pub mod abi;
pub mod device;
pub mod dispatch;
pub mod handlers;
pub mod ioctl;
pub mod port;
pub mod scsi;
pub mod sense;
pub mod status;
#[cfg(test)]
pub mod testing;

pub use device::{Device, FileContext, FileId, Platform, Unit};
pub use dispatch::{Completion, Outcome};
pub use port::{Command, DataPhase, Port, PortResult, SrbStatus};
pub use status::NtStatus;
