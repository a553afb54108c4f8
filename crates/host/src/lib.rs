//! The host stack: everything needed to run the driver's core on Linux.
//!
//! - [`model`]: a model of KMDF's request and file-object lifecycle with
//!   Driver-Verifier-style checks on every request.
//! - [`platform`]: the core's [`Platform`](cdfilter_core::device::Platform)
//!   over a mutex, recording the events the driver reports.
//! - [`lower`]: what sits below the filter for passed-down requests.
//! - [`record`]: a port wrapper that records every CDB.
//! - [`blank`]: a drive that answers every command with zeros, for logic tests.
//! - [`disc`]: disc images (ISO, BIN/CUE, the built-in disc).
//! - [`sim`]: the simulated MMC drive.
//! - [`fault`]: a port wrapper that injects drive and bus failures.

pub mod blank;
pub mod disc;
pub mod fault;
pub mod lower;
pub mod model;
pub mod platform;
pub mod record;
pub mod sim;

pub use model::{Handle, IoResult, Stack, Violation};
